/**
 * `vault-emu/assertions`: plain async functions for any test runner
 * (node:test, Jest, Mocha). Each resolves when the expectation holds and
 * throws a {@link VaultAssertionError} explaining the actual state otherwise;
 * for policy decisions the message names the rule that decided.
 *
 * @example
 * import { test } from 'node:test'
 * import { createVaultEmulator } from 'vault-emu'
 * import { assertAllowed, assertDenied } from 'vault-emu/assertions'
 *
 * test('web-frontend reads its own secrets only', async () => {
 *   await using vault = await createVaultEmulator()
 *   await vault.request('PUT', 'sys/policy/web-frontend', { data: { policy: 'path "secret/data/frontend/*" { capabilities = ["read"] }' } })
 *   const token = await vault.token({ policies: ['web-frontend'] })
 *   await assertAllowed(vault, token, 'read', 'secret/data/frontend/config')
 *   await assertDenied(vault, token, 'read', 'secret/data/billing/db')
 *   // Error: expected token hvs.CAES… to be allowed to read secret/data/billing/db, but it is denied:
 *   //   no rule of policies "default", "web-frontend" matches secret/data/billing/db (token policies: …)
 * })
 */
import type { VaultEmulator } from '../emulator/emulator.js'
import { checkAllowed, checkPolicyGrants } from './policy-checks.js'
import type { VaultOperation } from './policy-checks.js'
import { checkExpiresIn, checkRenewable, checkValidToken } from './token-checks.js'
import type { ExpiresInOptions } from './token-checks.js'
import { checkHasPrivilege, checkLogsInToPostgres } from './postgres-checks.js'
import type { PostgresCredentials } from './postgres-checks.js'
import { checkAuditContains, checkAuditRecorded } from './audit-checks.js'
import type { AuditQuery } from './audit-checks.js'
import { enforce } from './verdict.js'

export { VaultAssertionError } from './verdict.js'
export type { VaultOperation } from './policy-checks.js'
export type { ExpiresInOptions } from './token-checks.js'
export type { PostgresCredentials } from './postgres-checks.js'
export type { AuditQuery } from './audit-checks.js'

/**
 * `token` may perform `op` on `path`; otherwise throws, naming the rule that denied it.
 *
 * @example
 * await assertAllowed(vault, token, 'read', 'secret/data/myapp/db')
 */
export async function assertAllowed(vault: VaultEmulator, token: string, op: VaultOperation, path: string): Promise<void> {
  enforce(checkAllowed(vault, token, op, path))
}

/**
 * `token` may not perform `op` on `path`; otherwise throws, naming the rule that allowed it.
 *
 * @example
 * await assertDenied(vault, token, 'update', 'secret/data/myapp/db')
 */
export async function assertDenied(vault: VaultEmulator, token: string, op: VaultOperation, path: string): Promise<void> {
  enforce(checkAllowed(vault, token, op, path), true)
}

/**
 * Policy `name` on its own grants every capability listed on `path`.
 *
 * @example
 * await assertPolicyGrants(vault, 'web-frontend', ['read', 'list'], 'secret/data/frontend/x')
 */
export async function assertPolicyGrants(vault: VaultEmulator, name: string, capabilities: readonly VaultOperation[], path: string): Promise<void> {
  enforce(checkPolicyGrants(vault, name, capabilities, path))
}

/**
 * Vault knows `token` and it has neither expired nor been revoked.
 *
 * @example
 * await assertValidToken(vault, await vault.token({ ttl: '1h' }))
 */
export async function assertValidToken(vault: VaultEmulator, token: string): Promise<void> {
  enforce(checkValidToken(vault, token))
}

/**
 * `token` no longer works (revoked, expired or never issued).
 *
 * @example
 * await vault.request('POST', 'auth/token/revoke', { data: { token } })
 * await assertRevoked(vault, token)
 */
export async function assertRevoked(vault: VaultEmulator, token: string): Promise<void> {
  enforce(checkValidToken(vault, token), true)
}

/**
 * `token` expires `ttl` from the emulator's now (within a second unless `options.within`).
 *
 * @example
 * await assertExpiresIn(vault, token, '1h')
 * await assertExpiresIn(vault, token, '30m', { within: '5s' })
 */
export async function assertExpiresIn(vault: VaultEmulator, token: string, ttl: string | number, options?: ExpiresInOptions): Promise<void> {
  enforce(checkExpiresIn(vault, token, ttl, options))
}

/**
 * `token` is valid and renewable.
 *
 * @example
 * await assertRenewable(vault, token)
 */
export async function assertRenewable(vault: VaultEmulator, token: string): Promise<void> {
  enforce(checkRenewable(vault, token))
}

/**
 * The credentials log in to the PostgreSQL the emulator started.
 *
 * @example
 * const creds = (await vault.request('GET', 'database/creds/readonly')).json as PostgresCredentials
 * await assertLogsInToPostgres(vault, creds)
 */
export async function assertLogsInToPostgres(vault: VaultEmulator, creds: PostgresCredentials): Promise<void> {
  enforce(await checkLogsInToPostgres(vault, creds))
}

/**
 * The credentials no longer log in (their lease was revoked or expired); says what PostgreSQL holds otherwise.
 *
 * @example
 * await vault.request('PUT', 'sys/leases/revoke', { data: { lease_id } })
 * await assertCannotLogInToPostgres(vault, creds)
 */
export async function assertCannotLogInToPostgres(vault: VaultEmulator, creds: PostgresCredentials): Promise<void> {
  enforce(await checkLogsInToPostgres(vault, creds), true)
}

/**
 * The role of `creds` (or the role named so) holds `privilege` (`SELECT`, `INSERT`...) on `table`.
 *
 * @example
 * await assertHasPrivilege(vault, creds, 'SELECT', 'users')
 */
export async function assertHasPrivilege(vault: VaultEmulator, creds: PostgresCredentials | string, privilege: string, table: string): Promise<void> {
  enforce(await checkHasPrivilege(vault, creds, privilege, table))
}

/**
 * A memory audit device recorded a request to `path` (with `operation`, when given).
 *
 * @example
 * await assertAuditRecorded(vault, { path: 'secret/data/app', operation: 'read' })
 */
export async function assertAuditRecorded(vault: VaultEmulator, query: AuditQuery): Promise<void> {
  enforce(checkAuditRecorded(vault.audit, query))
}

/**
 * No audit entry holds `value` in clear; throws when the trail is empty (nothing was checked).
 *
 * @example
 * await assertAuditHasNoSecret(vault, 's3cr3t-password')
 */
export async function assertAuditHasNoSecret(vault: VaultEmulator, value: string): Promise<void> {
  enforce(checkAuditContains(vault.audit, value), true)
}

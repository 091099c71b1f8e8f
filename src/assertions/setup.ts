/**
 * `vault-emu/vitest/matchers`: registers the vault-emu matchers on Vitest's
 * `expect` and adds their types. Import it once (a setup file, or the test
 * file); `vault-emu/vitest` imports it for you.
 *
 * Matchers take the emulator along with what they check, so several
 * emulators can live side by side: `{ vault, token }`, `{ vault, policy }`,
 * `{ vault, creds }`, or `vault.audit`. All are async: `await` them.
 *
 * @example
 * import 'vault-emu/vitest/matchers'
 * const token = await vault.token({ policies: ['web-frontend'], ttl: '1h' })
 * await expect({ vault, token }).toBeAllowed('read', 'secret/data/frontend/x')
 * await expect({ vault, token }).toExpireIn('1h')
 * await expect({ vault, policy: 'web-frontend' }).toGrant(['read', 'list'], 'secret/data/frontend/x')
 * await expect({ vault, creds }).not.toLogInToPostgres()
 * await expect(vault.audit).not.toContainSecret('s3cr3t')
 */
import { expect } from 'vitest'
import { vaultMatchers } from './matchers.js'
import type { VaultOperation } from './policy-checks.js'
import type { ExpiresInOptions } from './token-checks.js'
import type { AuditQuery } from './audit-checks.js'

expect.extend(vaultMatchers)

export type { TokenSubject, PolicySubject, CredentialsSubject } from './subjects.js'
export type { VaultOperation } from './policy-checks.js'
export type { ExpiresInOptions } from './token-checks.js'
export type { AuditQuery } from './audit-checks.js'
export type { PostgresCredentials } from './postgres-checks.js'

declare module 'vitest' {
  interface Matchers<R extends void | Promise<void> = void | Promise<void>, T = unknown> {
    /** On `{ vault, token }`: the token may perform `op` on `path` (the message names the deciding rule). */
    toBeAllowed(op: VaultOperation, path: string): Promise<void>
    /** On `{ vault, token }`: the token may not perform `op` on `path`. */
    toBeDenied(op: VaultOperation, path: string): Promise<void>
    /** On `{ vault, policy }`: the policy alone grants every capability on `path`. */
    toGrant(capabilities: readonly VaultOperation[], path: string): Promise<void>
    /** On `{ vault, token }`: known, not expired, not revoked. */
    toBeValidToken(): Promise<void>
    /** On `{ vault, token }`: revoked, expired or never issued. */
    toBeRevoked(): Promise<void>
    /** On `{ vault, token }`: expires `ttl` from the emulator's now (within 1 s unless `options.within`). */
    toExpireIn(ttl: string | number, options?: ExpiresInOptions): Promise<void>
    /** On `{ vault, token }`: valid and renewable. */
    toBeRenewable(): Promise<void>
    /** On `{ vault, creds }`: the credentials log in to the emulator's PostgreSQL. */
    toLogInToPostgres(): Promise<void>
    /** On `{ vault, creds }`: the role holds `privilege` on `table`. */
    toHavePrivilege(privilege: string, table: string): Promise<void>
    /** On `vault.audit`: a memory audit device recorded the request. */
    toHaveRecorded(query: AuditQuery): Promise<void>
    /** On `vault.audit`: some entry holds `value` in clear (use with `.not`). */
    toContainSecret(value: string): Promise<void>
  }
}

/**
 * What the Vitest matchers take: a token, a policy or credentials always
 * travel with the emulator that answers for them, so a matcher never guesses
 * which Vault is meant (tests run concurrently, several emulators may live).
 *
 * @example
 * await expect({ vault, token }).toBeAllowed('read', 'secret/data/app')
 * await expect({ vault, policy: 'web-frontend' }).toGrant(['read'], 'secret/data/frontend/x')
 * await expect({ vault, creds }).toLogInToPostgres()
 */
import type { VaultEmulator } from '../emulator/emulator.js'
import type { AuditAccess } from '../emulator/core/audit/audit-access.js'
import type { PostgresCredentials } from './postgres-checks.js'

/**
 * A token and its emulator: `expect({ vault, token })`.
 *
 * @example
 * await expect({ vault, token } satisfies TokenSubject).toBeValidToken()
 */
export interface TokenSubject {
  vault: VaultEmulator
  token: string
}

/**
 * A policy name and its emulator: `expect({ vault, policy: 'web-frontend' })`.
 *
 * @example
 * await expect({ vault, policy: 'web' } satisfies PolicySubject).toGrant(['read'], 'secret/data/web/x')
 */
export interface PolicySubject {
  vault: VaultEmulator
  policy: string
}

/**
 * Database credentials (or a `database/creds` reply) and their emulator: `expect({ vault, creds })`.
 *
 * @example
 * await expect({ vault, creds } satisfies CredentialsSubject).toLogInToPostgres()
 */
export interface CredentialsSubject {
  vault: VaultEmulator
  creds: PostgresCredentials
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null
}

function hasVault(value: Record<string, unknown>): boolean {
  const vault = value['vault']
  return isObject(vault) && 'core' in vault && typeof vault['request'] === 'function'
}

function wrongSubject(matcher: string, shape: string, example: string): TypeError {
  return new TypeError(`${matcher}() takes ${shape}: ${example}`)
}

/**
 * The received value as a {@link TokenSubject}, or a TypeError showing the expected call.
 *
 * @example
 * const { vault, token } = tokenSubject(received, 'toBeAllowed')
 */
export function tokenSubject(received: unknown, matcher: string): TokenSubject {
  if (isObject(received) && hasVault(received) && typeof received['token'] === 'string') return received as unknown as TokenSubject
  throw wrongSubject(matcher, '{ vault, token }', `await expect({ vault, token }).${matcher}(...)`)
}

/**
 * The received value as a {@link PolicySubject}.
 *
 * @example
 * const { vault, policy } = policySubject(received, 'toGrant')
 */
export function policySubject(received: unknown, matcher: string): PolicySubject {
  if (isObject(received) && hasVault(received) && typeof received['policy'] === 'string') return received as unknown as PolicySubject
  throw wrongSubject(matcher, "{ vault, policy: 'name' }", `await expect({ vault, policy: 'web-frontend' }).${matcher}(['read'], 'secret/data/x')`)
}

/**
 * The received value as a {@link CredentialsSubject}.
 *
 * @example
 * const { vault, creds } = credentialsSubject(received, 'toLogInToPostgres')
 */
export function credentialsSubject(received: unknown, matcher: string): CredentialsSubject {
  if (isObject(received) && hasVault(received) && isObject(received['creds'])) return received as unknown as CredentialsSubject
  throw wrongSubject(matcher, '{ vault, creds }', `await expect({ vault, creds }).${matcher}(...)`)
}

/**
 * The received value as `vault.audit`.
 *
 * @example
 * const audit = auditSubject(received, 'toHaveRecorded')
 */
export function auditSubject(received: unknown, matcher: string): AuditAccess {
  if (isObject(received) && typeof received['entries'] === 'function' && typeof received['hash'] === 'function') return received as unknown as AuditAccess
  throw wrongSubject(matcher, 'vault.audit', `expect(vault.audit).${matcher}(...)`)
}

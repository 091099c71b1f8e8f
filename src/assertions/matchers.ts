/**
 * The Vitest matchers, as a plain object for `expect.extend` (the
 * `vault-emu/vitest/matchers` entry registers them and adds their types).
 * Each shares its check with `vault-emu/assertions`, so messages are the
 * same; all are async: `await expect(...)`.
 *
 * @example
 * import { expect } from 'vitest'
 * import { vaultMatchers } from './matchers.js'
 * expect.extend(vaultMatchers)
 * await expect({ vault, token }).toBeAllowed('read', 'secret/data/myapp/db')
 */
import type { MatcherState, SyncMatcherResult as SyncExpectationResult } from 'vitest'
import { checkAllowed, checkPolicyGrants } from './policy-checks.js'
import type { VaultOperation } from './policy-checks.js'
import { checkExpiresIn, checkRenewable, checkValidToken } from './token-checks.js'
import type { ExpiresInOptions } from './token-checks.js'
import { checkHasPrivilege, checkLogsInToPostgres } from './postgres-checks.js'
import { checkAuditContains, checkAuditRecorded } from './audit-checks.js'
import type { AuditQuery } from './audit-checks.js'
import { auditSubject, credentialsSubject, policySubject, tokenSubject } from './subjects.js'
import { failureMessage } from './verdict.js'
import type { Verdict } from './verdict.js'

/** A verdict as a matcher result; `inverted` for matchers that pass when the check fails (toBeDenied). */
function result(state: MatcherState, verdict: Verdict, inverted = false): SyncExpectationResult {
  const pass = inverted ? !verdict.pass : verdict.pass
  // The message shows when the matcher fails: for `.not`, that is when it passed.
  const negated = Boolean(state.isNot) !== inverted
  return { pass, message: () => failureMessage(verdict, negated) }
}

/**
 * @example
 * expect.extend(vaultMatchers)
 */
export const vaultMatchers = {
  /** `await expect({ vault, token }).toBeAllowed('read', 'secret/data/app')` */
  async toBeAllowed(this: MatcherState, received: unknown, op: VaultOperation, path: string): Promise<SyncExpectationResult> {
    const { vault, token } = tokenSubject(received, 'toBeAllowed')
    return result(this, checkAllowed(vault, token, op, path))
  },
  /** `await expect({ vault, token }).toBeDenied('update', 'secret/data/app')` */
  async toBeDenied(this: MatcherState, received: unknown, op: VaultOperation, path: string): Promise<SyncExpectationResult> {
    const { vault, token } = tokenSubject(received, 'toBeDenied')
    return result(this, checkAllowed(vault, token, op, path), true)
  },
  /** `await expect({ vault, policy: 'web' }).toGrant(['read', 'list'], 'secret/data/web/x')` */
  async toGrant(this: MatcherState, received: unknown, capabilities: readonly VaultOperation[], path: string): Promise<SyncExpectationResult> {
    const { vault, policy } = policySubject(received, 'toGrant')
    return result(this, checkPolicyGrants(vault, policy, capabilities, path))
  },
  /** `await expect({ vault, token }).toBeValidToken()` */
  async toBeValidToken(this: MatcherState, received: unknown): Promise<SyncExpectationResult> {
    const { vault, token } = tokenSubject(received, 'toBeValidToken')
    return result(this, checkValidToken(vault, token))
  },
  /** `await expect({ vault, token }).toBeRevoked()`: revoked, expired or never issued. */
  async toBeRevoked(this: MatcherState, received: unknown): Promise<SyncExpectationResult> {
    const { vault, token } = tokenSubject(received, 'toBeRevoked')
    return result(this, checkValidToken(vault, token), true)
  },
  /** `await expect({ vault, token }).toExpireIn('1h')` */
  async toExpireIn(this: MatcherState, received: unknown, ttl: string | number, options?: ExpiresInOptions): Promise<SyncExpectationResult> {
    const { vault, token } = tokenSubject(received, 'toExpireIn')
    return result(this, checkExpiresIn(vault, token, ttl, options))
  },
  /** `await expect({ vault, token }).toBeRenewable()` */
  async toBeRenewable(this: MatcherState, received: unknown): Promise<SyncExpectationResult> {
    const { vault, token } = tokenSubject(received, 'toBeRenewable')
    return result(this, checkRenewable(vault, token))
  },
  /** `await expect({ vault, creds }).toLogInToPostgres()` */
  async toLogInToPostgres(this: MatcherState, received: unknown): Promise<SyncExpectationResult> {
    const { vault, creds } = credentialsSubject(received, 'toLogInToPostgres')
    return result(this, await checkLogsInToPostgres(vault, creds))
  },
  /** `await expect({ vault, creds }).toHavePrivilege('SELECT', 'users')` */
  async toHavePrivilege(this: MatcherState, received: unknown, privilege: string, table: string): Promise<SyncExpectationResult> {
    const { vault, creds } = credentialsSubject(received, 'toHavePrivilege')
    return result(this, await checkHasPrivilege(vault, creds, privilege, table))
  },
  /** `await expect(vault.audit).toHaveRecorded({ path: 'secret/data/app', operation: 'read' })` */
  async toHaveRecorded(this: MatcherState, received: unknown, query: AuditQuery): Promise<SyncExpectationResult> {
    return result(this, checkAuditRecorded(auditSubject(received, 'toHaveRecorded'), query))
  },
  /** `await expect(vault.audit).not.toContainSecret('s3cr3t')` (throws on an empty trail) */
  async toContainSecret(this: MatcherState, received: unknown, value: string): Promise<SyncExpectationResult> {
    return result(this, checkAuditContains(auditSubject(received, 'toContainSecret'), value))
  },
}

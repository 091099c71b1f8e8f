/**
 * User lockout (Vault ≥ 1.13, userpass/approle/ldap): failed logins with
 * wrong credentials are counted per mount and alias (user name, role_id);
 * at the threshold the alias is refused with 403 `permission denied` for the
 * lockout duration, right password or not. Unknown users are never counted,
 * as in Vault. Times come from the emulator's clock.
 *
 * Vault keeps this in the core, keyed by mount accessor; here each method
 * keeps it in its own mount storage, so disabling the mount forgets it.
 */
import { createHash } from 'node:crypto'
import { VaultError } from '../../core/errors.js'
import type { Clock } from '../../core/clock.js'
import type { Storage } from '../../core/storage.js'

/** Vault's defaults (`user_lockout` stanza): 5 failures, 15 minutes, counter reset 15 minutes. */
export const LOCKOUT_THRESHOLD = 5
export const LOCKOUT_DURATION_MS = 15 * 60 * 1000
export const LOCKOUT_COUNTER_RESET_MS = 15 * 60 * 1000

const PREFIX = 'lockout/'

interface FailedLogins {
  count: number
  last_failure_ms: number
}

/** Alias names may hold any character (custom role_ids); storage keys get a digest. */
function keyFor(alias: string): string {
  return PREFIX + createHash('sha256').update(alias).digest('hex')
}

export interface LockoutScope {
  storage: Storage
  clock: Clock
}

export function isLockedOut(scope: LockoutScope, alias: string): boolean {
  const entry = scope.storage.get<FailedLogins>(keyFor(alias))
  if (!entry) return false
  return entry.count >= LOCKOUT_THRESHOLD && scope.clock.now() - entry.last_failure_ms < LOCKOUT_DURATION_MS
}

/** Throws the 403 Vault sends to a locked-out alias (plain text: it comes from the login path). */
export function assertNotLockedOut(scope: LockoutScope, alias: string): void {
  if (isLockedOut(scope, alias)) throw new VaultError('permission-denied', 'permission denied')
}

/** Count one failure with wrong credentials; the count restarts after the reset period. */
export function recordFailedLogin(scope: LockoutScope, alias: string): void {
  const key = keyFor(alias)
  const now = scope.clock.now()
  const previous = scope.storage.get<FailedLogins>(key)
  const fresh = !previous || now - previous.last_failure_ms > LOCKOUT_COUNTER_RESET_MS
  scope.storage.put(key, { count: fresh ? 1 : previous.count + 1, last_failure_ms: now } satisfies FailedLogins)
}

/** A successful login forgets earlier failures. */
export function clearFailedLogins(scope: LockoutScope, alias: string): void {
  const key = keyFor(alias)
  if (scope.storage.get(key) !== undefined) scope.storage.delete(key)
}

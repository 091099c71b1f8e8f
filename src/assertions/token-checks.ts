/**
 * Checks of a token's life: valid or revoked, when it expires, whether it renews.
 * Time is the emulator's clock, so `await vault.clock.advance('2h')` makes a 1h token expire.
 *
 * @example
 * checkValidToken(vault, token).pass          // true
 * checkExpiresIn(vault, token, '1h').actual   // 'it expires in 1h (at 2030-01-01T01:00:00.000Z)'
 */
import type { VaultEmulator } from '../emulator/emulator.js'
import { formatHumanDuration, parseDurationSeconds } from '../emulator/core/duration.js'
import { describeTokenProblem } from './token-state.js'
import { quoteList, tokenLabel } from './verdict.js'
import type { Verdict } from './verdict.js'

/**
 * Options of {@link checkExpiresIn}.
 *
 * @example
 * await assertExpiresIn(vault, token, '1h', { within: '5s' })
 */
export interface ExpiresInOptions {
  /** How far the remaining TTL may be from the expected one: `'5s'` or seconds. Default 1 second. */
  within?: string | number
}

/**
 * Whether Vault knows `token` and it has neither expired nor been revoked.
 *
 * @example
 * checkValidToken(vault, token).pass
 */
export function checkValidToken(vault: VaultEmulator, token: string): Verdict {
  const label = tokenLabel(token)
  const expected = `${label} to be valid`
  const expectedNot = `${label} to be revoked or expired`
  const entry = vault.core.tokens.lookup(token)
  if (!entry) return { pass: false, expected, expectedNot, actual: describeTokenProblem(vault, token) }
  return { pass: true, expected, expectedNot, actual: `it is valid: it ${remaining(vault, token)}, policies ${quoteList(entry.policies)}` }
}

/**
 * Whether `token` expires in `ttl` from the emulator's now (within a second, or `options.within`).
 *
 * @example
 * checkExpiresIn(vault, token, '1h', { within: 2 }).pass
 */
export function checkExpiresIn(vault: VaultEmulator, token: string, ttl: string | number, options: ExpiresInOptions = {}): Verdict {
  const label = tokenLabel(token)
  const want = parseDurationSeconds(ttl)
  const slack = options.within === undefined ? 1 : parseDurationSeconds(options.within)
  const expected = `${label} to expire in ${formatHumanDuration(want)}`
  const expectedNot = `${label} not to expire in ${formatHumanDuration(want)}`
  const entry = vault.core.tokens.lookup(token)
  if (!entry) return { pass: false, expected, expectedNot, actual: describeTokenProblem(vault, token) }
  if (entry.expire_time_ms === 0) return { pass: want === 0, expected, expectedNot, actual: 'it never expires (TTL 0)' }
  const left = vault.core.tokens.ttl(entry)
  return { pass: Math.abs(left - want) <= slack, expected, expectedNot, actual: `it ${remaining(vault, token)}` }
}

/**
 * Whether `token` is valid and may be renewed.
 *
 * @example
 * checkRenewable(vault, token).pass
 */
export function checkRenewable(vault: VaultEmulator, token: string): Verdict {
  const label = tokenLabel(token)
  const expected = `${label} to be renewable`
  const expectedNot = `${label} not to be renewable`
  const entry = vault.core.tokens.lookup(token)
  if (!entry) return { pass: false, expected, expectedNot, actual: describeTokenProblem(vault, token) }
  if (entry.renewable && entry.expire_time_ms === 0) return { pass: false, expected, expectedNot, actual: 'it never expires, so there is nothing to renew' }
  return { pass: entry.renewable, expected, expectedNot, actual: entry.renewable ? `it is renewable (it ${remaining(vault, token)})` : 'it was created with renewable=false' }
}

function remaining(vault: VaultEmulator, token: string): string {
  const entry = vault.core.tokens.lookup(token)
  if (!entry || entry.expire_time_ms === 0) return 'never expires'
  return `expires in ${formatHumanDuration(vault.core.tokens.ttl(entry))} (at ${new Date(entry.expire_time_ms).toISOString()})`
}

/**
 * The outcome of one check, worded both ways: assertions and Vitest matchers
 * share the checks and differ only in how they report a verdict.
 *
 * @example
 * const verdict: Verdict = { pass: false, expected: 'token to be valid', expectedNot: 'token to be invalid', actual: 'it was revoked' }
 * failureMessage(verdict, false) // 'expected token to be valid, but it was revoked'
 */

/**
 * One check's outcome and its wording.
 *
 * @example
 * const v: Verdict = checkValidToken(vault, token)
 * if (!v.pass) console.log(failureMessage(v, false))
 */
export interface Verdict {
  pass: boolean
  /** What the positive form expects: `token hvs.AbC… to be allowed to read secret/data/x`. */
  expected: string
  /** What the negated form expects: `token hvs.AbC… to be denied read on secret/data/x`. */
  expectedNot: string
  /** The actual state, worded to follow "but": `it is denied: ...`. */
  actual: string
}

/**
 * A failed vault-emu assertion; `message` explains the actual state.
 *
 * @example
 * try { await assertAllowed(vault, token, 'read', 'secret/data/x') } catch (err) { if (err instanceof VaultAssertionError) console.log(err.message) }
 */
export class VaultAssertionError extends Error {
  override name = 'VaultAssertionError'
}

/**
 * The message for a verdict that failed; `negated` for `.not` / `assertDenied`-style checks.
 *
 * @example
 * failureMessage(verdict, true)
 */
export function failureMessage(verdict: Verdict, negated: boolean): string {
  return `expected ${negated ? verdict.expectedNot : verdict.expected}, but ${verdict.actual}`
}

/**
 * Throw a {@link VaultAssertionError} unless the verdict holds (or, `negated`, unless it does not).
 *
 * @example
 * enforce(await checkAllowed(vault, token, 'read', 'secret/data/x'))
 */
export function enforce(verdict: Verdict, negated = false): void {
  if (verdict.pass === negated) throw new VaultAssertionError(failureMessage(verdict, negated))
}

/**
 * A token id shortened for messages (never the whole secret): `hvs.AbCd…`.
 *
 * @example
 * tokenLabel('hvs.CAESIJ3kL…') // 'hvs.CAES…'
 */
export function tokenLabel(token: string): string {
  if (token === '') return 'token ""'
  return `token ${token.length > 8 ? `${token.slice(0, 8)}…` : token}`
}

/**
 * A list for messages: `"a", "b"`; `(none)` when empty.
 *
 * @example
 * quoteList(['default', 'web']) // '"default", "web"'
 */
export function quoteList(items: readonly string[]): string {
  return items.length === 0 ? '(none)' : items.map((i) => `"${i}"`).join(', ')
}

/**
 * The glob matching Vault's auth plugins use for bound names and claims
 * (`strutil.StrListContainsGlob`, ryanuber/go-glob): `*` stands for any run of
 * characters, anywhere in the pattern; nothing else is special.
 *
 * @example
 * globMatch('myapp-*', 'myapp-sa')   // true
 * globMatch('*-sa', 'myapp-sa')      // true
 * globMatch('prod', 'production')    // false
 */
export function globMatch(pattern: string, subject: string): boolean {
  if (pattern === '*') return true
  const parts = pattern.split('*')
  if (parts.length === 1) return subject === pattern
  const first = parts[0] ?? ''
  const last = parts[parts.length - 1] ?? ''
  if (!subject.startsWith(first)) return false
  let rest = subject.slice(first.length)
  // Middle parts: leftmost occurrence, which leaves the most room for the rest.
  for (const part of parts.slice(1, -1)) {
    const at = rest.indexOf(part)
    if (at < 0) return false
    rest = rest.slice(at + part.length)
  }
  return rest.endsWith(last)
}

/** True when any pattern of the list matches (Vault's `StrListContainsGlob`). */
export function globListContains(patterns: readonly string[], subject: string): boolean {
  return patterns.some((p) => globMatch(p, subject))
}

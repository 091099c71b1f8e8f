/** The normal form Vault gives lists of policy names, wherever a token's policies are set. */

/** Trim, drop empties, optionally lower-case, de-duplicate and sort. */
export function removeDuplicates(items: readonly string[], lowercase: boolean): string[] {
  const set = new Set<string>()
  for (const raw of items) {
    const item = raw.trim()
    if (item === '') continue
    set.add(lowercase ? item.toLowerCase() : item)
  }
  return [...set].sort()
}

/**
 * Vault's policy-list normal form: lower-cased, trimmed, sorted, unique;
 * `root` swallows every other policy; `default` added when asked for.
 */
export function sanitizePolicies(policies: readonly string[], addDefault: boolean): string[] {
  const cleaned = policies.map((p) => p.trim().toLowerCase()).filter((p) => p !== '')
  if (cleaned.includes('root')) return ['root']
  if (addDefault && !cleaned.includes('default')) cleaned.push('default')
  return removeDuplicates(cleaned, true)
}

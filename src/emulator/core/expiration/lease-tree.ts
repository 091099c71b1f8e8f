/**
 * Lease-id path arithmetic. Lease ids are `<request path>/<24 base62>`; listing
 * and revoke-prefix work on whole path segments of those ids.
 */

/** Ids under `prefix` by whole segments: `database/creds/read` does not match `readonly/...`. */
export function idsUnderPrefix(ids: Iterable<string>, rawPrefix: string): string[] {
  const prefix = rawPrefix.replace(/^\/+/, '')
  const asDir = prefix === '' || prefix.endsWith('/') ? prefix : `${prefix}/`
  const out: string[] = []
  for (const id of ids) if (id.startsWith(asDir)) out.push(id)
  return out
}

/** Immediate children of a prefix in the lease tree (folders end in `/`). */
export function listChildren(ids: Iterable<string>, rawPrefix: string): string[] {
  const prefix = rawPrefix.replace(/^\/+/, '')
  const dir = prefix === '' || prefix.endsWith('/') ? prefix : `${prefix}/`
  const children = new Set<string>()
  for (const id of ids) {
    if (!id.startsWith(dir)) continue
    const rest = id.slice(dir.length)
    const slash = rest.indexOf('/')
    children.add(slash === -1 ? rest : rest.slice(0, slash + 1))
  }
  children.delete('')
  return [...children].sort()
}

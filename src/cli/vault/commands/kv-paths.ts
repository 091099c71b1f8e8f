/**
 * How `vault kv` turns what the user typed into an API path: the user writes `secret/myapp`
 * (or `-mount=secret myapp`), the preflight says where the mount is and its version, and a
 * KV v2 request goes to `secret/data/myapp` (`metadata/`, `delete/`, `destroy/`, `undelete/`).
 */
import { posix } from 'node:path'

/** Go's `path.Join`: non-empty parts joined by `/`, cleaned, no trailing slash; `''` when all are empty. */
export function joinPath(...parts: string[]): string {
  const nonEmpty = parts.filter((p) => p !== '')
  if (nonEmpty.length === 0) return ''
  const joined = posix.normalize(nonEmpty.join('/'))
  return joined.length > 1 ? joined.replace(/\/+$/, '') : joined
}

/** vault's sanitizePath: no leading and no trailing slashes (whitespace trimmed). */
export function sanitizePath(path: string): string {
  return path.trim().replace(/^\/+/, '').replace(/\/+$/, '')
}

/**
 * Put a KV v2 API prefix (`data`, `metadata`, `delete`, ...) between the mount and the rest.
 *
 * @example
 * addPrefixToKvPath('secret/myapp/db', 'secret/', 'data') // 'secret/data/myapp/db'
 * addPrefixToKvPath('secret', 'secret/', 'metadata')      // 'secret/metadata'
 */
export function addPrefixToKvPath(path: string, mountPath: string, apiPrefix: string): string {
  if (path === mountPath || path === mountPath.replace(/\/$/, '')) return joinPath(mountPath, apiPrefix)
  let mount = mountPath
  let suffix = path.startsWith(mount) ? path.slice(mount.length) : path
  // A mount path that carries a namespace the typed path lacks: drop leading segments until it matches.
  while (suffix === path) {
    const slash = mount.indexOf('/')
    if (slash < 0 || mount.slice(slash + 1) === '') break
    mount = mount.slice(slash + 1).replace(/\/$/, '')
    suffix = suffix.startsWith(mount) ? suffix.slice(mount.length) : suffix
  }
  return joinPath(mount, apiPrefix, suffix)
}

/** vault's `-versions=1,2 -versions=3` flattening. */
export function parseVersionsFlags(values: readonly string[]): string[] {
  return values.flatMap((v) => v.split(',').map((s) => s.trim())).filter((s) => s !== '')
}

/**
 * A section title padded with `=` to the width of what follows, as vault draws them
 * (at least two on each side, the same number both sides).
 *
 * @example
 * padEqualSigns('Data', 17) // '====== Data ======'
 */
export function padEqualSigns(title: string, width: number): string {
  let signs = width - (title.length + 2)
  if (signs <= 0) signs = 4
  if (signs % 2 !== 0) signs += 1
  const side = '='.repeat(signs / 2)
  return `${side} ${title} ${side}`
}

/** The title above a Key/Value table: as wide as its longest key plus the `Value` column. */
export function headerForMap(title: string, data: Record<string, unknown>): string {
  const longestKey = Math.max(0, ...Object.keys(data).map((k) => k.length))
  return padEqualSigns(title, longestKey + 4 + 5)
}

/** `== Secret Path ==` over the path and a blank line. */
export function pathBanner(title: string, path: string): string {
  return `${padEqualSigns(title, path.length)}\n${path}\n\n`
}

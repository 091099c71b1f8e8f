/**
 * The mount listings of `secrets list`, `auth list` and `audit list`: the
 * server's path→entry map and vault's simple and `-detailed` tables of it.
 */
import type { ClientReply } from './client.js'
import { compareStrings, goValue } from './go-format.js'

/** A mount or auth entry of `sys/mounts` / `sys/auth`. */
export interface MountEntry {
  type: string
  description?: string
  accessor?: string
  uuid?: string
  local?: boolean
  seal_wrap?: boolean
  external_entropy_access?: boolean
  options?: Record<string, string> | null
  plugin_version?: string
  running_plugin_version?: string
  running_sha256?: string
  deprecation_status?: string
  config?: { default_lease_ttl?: number; max_lease_ttl?: number; force_no_cache?: boolean; token_type?: string }
  /** Audit devices carry their own path. */
  path?: string
}

const ENVELOPE_KEYS = new Set(['request_id', 'lease_id', 'renewable', 'lease_duration', 'data', 'wrap_info', 'warnings', 'auth', 'mount_type'])

/** The path→entry map of a listing reply (`data`, or the legacy top-level copy). */
export function mountMap(reply: ClientReply): Record<string, MountEntry> {
  const body = (reply.json ?? {}) as Record<string, unknown>
  if (body['data'] && typeof body['data'] === 'object') return body['data'] as Record<string, MountEntry>
  return Object.fromEntries(Object.entries(body).filter(([k]) => !ENVELOPE_KEYS.has(k))) as Record<string, MountEntry>
}

export function sortedPaths(mounts: Record<string, MountEntry>): string[] {
  return Object.keys(mounts).sort(compareStrings)
}

/** vault's TTL column: blank for system/cubbyhole, `system` for 0, else seconds. */
function ttlCell(type: string, ttl: number | undefined): string {
  if (type === 'system' || type === 'cubbyhole') return ''
  return ttl ? String(ttl) : 'system'
}

/** The `-detailed` table of secrets engines (`tokenType`: false) or auth methods (true). */
export function detailedMountRows(mounts: Record<string, MountEntry>, kind: 'secrets' | 'auth'): string[][] {
  const header = ['Path', 'Plugin', 'Accessor', 'Default TTL', 'Max TTL', kind === 'auth' ? 'Token Type' : 'Force No Cache', 'Replication', 'Seal Wrap', 'External Entropy Access', 'Options', 'Description', 'UUID', 'Version', 'Running Version', 'Running SHA256', 'Deprecation Status']
  const rows = sortedPaths(mounts).map((path) => {
    const m = mounts[path] as MountEntry
    return [
      path,
      m.type,
      m.accessor ?? '',
      ttlCell(m.type, m.config?.default_lease_ttl),
      ttlCell(m.type, m.config?.max_lease_ttl),
      kind === 'auth' ? (m.config?.token_type ?? '') : String(m.config?.force_no_cache ?? false),
      m.local ? 'local' : 'replicated',
      String(m.seal_wrap ?? false),
      String(m.external_entropy_access ?? false),
      goValue(m.options ?? {}),
      m.description ?? '',
      m.uuid ?? '',
      m.plugin_version ?? '',
      m.running_plugin_version ?? '',
      m.running_sha256 ?? '',
      m.deprecation_status ?? '',
    ]
  })
  return [header, ...rows]
}

/** How sys/ shows a mount entry (sys/mounts, sys/auth, the KV preflight). */
import type { MountEntry } from '../../core/mounts.js'

const BUILTIN_PLUGINS = new Set(['kv', 'database', 'transit', 'pki', 'approle', 'userpass', 'kubernetes', 'jwt', 'oidc'])

export function mountInfo(entry: MountEntry): Record<string, unknown> {
  const config: Record<string, unknown> = {
    default_lease_ttl: entry.config.default_lease_ttl,
    force_no_cache: entry.config.force_no_cache,
    max_lease_ttl: entry.config.max_lease_ttl,
  }
  for (const key of ['audit_non_hmac_request_keys', 'audit_non_hmac_response_keys', 'listing_visibility', 'passthrough_request_headers', 'allowed_response_headers'] as const) {
    const value = entry.config[key]
    if (value !== undefined && !(Array.isArray(value) && value.length === 0) && value !== '') config[key] = value
  }
  if (entry.class === 'auth') config['token_type'] = entry.config.token_type ?? 'default-service'
  const info: Record<string, unknown> = {
    accessor: entry.accessor,
    config,
    description: entry.description,
    external_entropy_access: entry.external_entropy_access,
    local: entry.local,
    options: entry.options,
    plugin_version: entry.plugin_version,
    running_plugin_version: entry.running_plugin_version,
    running_sha256: '',
    seal_wrap: entry.seal_wrap,
    type: entry.type,
    uuid: entry.uuid,
  }
  if (BUILTIN_PLUGINS.has(entry.type)) info['deprecation_status'] = 'supported'
  return info
}

/** `secret` → `secret/`; strips a leading slash. */
export function normaliseMountPath(path: string): string {
  const trimmed = path.replace(/^\/+/, '')
  return trimmed.endsWith('/') ? trimmed : `${trimmed}/`
}

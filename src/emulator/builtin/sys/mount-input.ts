/** Fields and validation shared by `sys/mounts/<path>` and `sys/auth/<path>` (enable and tune). */
import { invalidRequest } from '../../core/errors.js'
import { parseDurationSeconds } from '../../core/duration.js'
import type { EnableMountInput } from '../../core/core.js'
import type { MountConfig } from '../../core/mounts.js'
import { field } from '../../framework/fields.js'

/** `default_lease_ttl`/`max_lease_ttl` values: durations, or `"system"` for 0 (inherit). */
export function parseMountTtl(name: string, value: unknown): number {
  if (value === undefined || value === null || value === '' || value === 'system') return 0
  try {
    const seconds = parseDurationSeconds(value)
    if (seconds < 0) throw new Error('negative')
    return seconds
  } catch {
    const what = name === 'default_lease_ttl' ? 'default' : 'max'
    throw invalidRequest(`unable to parse ${what} TTL of ${JSON.stringify(String(value))}: invalid duration`)
  }
}

function stringList(value: unknown): string[] | undefined {
  if (value === undefined || value === null) return undefined
  if (Array.isArray(value)) return value.map(String)
  return String(value).split(',').map((s) => s.trim()).filter((s) => s !== '')
}

/** The mount config fields a client may send, parsed. */
export function parseMountConfig(input: Record<string, unknown>): Partial<MountConfig> {
  const config: Partial<MountConfig> = {}
  if ('default_lease_ttl' in input) config.default_lease_ttl = parseMountTtl('default_lease_ttl', input['default_lease_ttl'])
  if ('max_lease_ttl' in input) config.max_lease_ttl = parseMountTtl('max_lease_ttl', input['max_lease_ttl'])
  if ('force_no_cache' in input) config.force_no_cache = input['force_no_cache'] === true || input['force_no_cache'] === 'true'
  for (const key of ['audit_non_hmac_request_keys', 'audit_non_hmac_response_keys', 'passthrough_request_headers', 'allowed_response_headers'] as const) {
    const list = stringList(input[key])
    if (list) config[key] = list
  }
  if (typeof input['listing_visibility'] === 'string') {
    const v = input['listing_visibility']
    if (v !== '' && v !== 'unauth' && v !== 'hidden') throw invalidRequest(`invalid listing_visibility ${v}`)
    config.listing_visibility = v
  }
  if (typeof input['token_type'] === 'string') config.token_type = input['token_type']
  if (config.default_lease_ttl && config.max_lease_ttl && config.default_lease_ttl > config.max_lease_ttl) {
    throw invalidRequest('given default lease TTL greater than given max lease TTL')
  }
  return config
}

/** `options` as Vault keeps it: a string map, or null. */
export function parseOptions(value: unknown): Record<string, string> | null {
  if (value === undefined || value === null) return null
  if (typeof value !== 'object' || Array.isArray(value)) throw invalidRequest('options must be a map of strings')
  const out: Record<string, string> = {}
  for (const [k, v] of Object.entries(value)) out[k] = String(v)
  return Object.keys(out).length === 0 ? null : out
}

/** The enable fields after `options` that engines and auth methods share. */
export const enableFlagFields = {
  local: field.bool({ doc: 'Not replicated.' }),
  seal_wrap: field.bool({ doc: 'Seal-wrap the mount.' }),
  external_entropy_access: field.bool({ doc: 'External entropy.' }),
  plugin_name: field.string({ doc: 'Only with type "plugin".' }),
  plugin_version: field.string({ doc: 'Plugin version.' }),
}

/** What an enable request sets on the new mount besides its path, type, class and options. */
export function mountSettings(data: {
  description: string
  config: Record<string, unknown>
  local: boolean
  seal_wrap: boolean
  external_entropy_access: boolean
}): Pick<EnableMountInput, 'description' | 'config' | 'local' | 'seal_wrap' | 'external_entropy_access'> {
  return {
    description: data.description,
    config: parseMountConfig(data.config),
    local: data.local,
    seal_wrap: data.seal_wrap,
    external_entropy_access: data.external_entropy_access,
  }
}

const tuneHead = {
  default_lease_ttl: field.raw({ doc: 'Default lease TTL, or "system".' }),
  max_lease_ttl: field.raw({ doc: 'Max lease TTL, or "system".' }),
  description: field.string({ doc: 'Description.' }),
  options: field.raw({ doc: 'Options.' }),
}

const tuneTail = {
  audit_non_hmac_request_keys: field.commaList({ doc: 'Request keys not HMACed in audit.' }),
  audit_non_hmac_response_keys: field.commaList({ doc: 'Response keys not HMACed in audit.' }),
  listing_visibility: field.string({ doc: '"unauth" or "hidden".' }),
  passthrough_request_headers: field.commaList({ doc: 'Headers passed to the backend.' }),
  allowed_response_headers: field.commaList({ doc: 'Headers the backend may set.' }),
  token_type: field.string({ doc: 'Auth mounts: token type for logins.' }),
  plugin_version: field.string({ doc: 'Plugin version.' }),
}

/** `sys/mounts/<path>/tune`: the auth tune fields plus `force_no_cache`. */
export const mountTuneFields = {
  path: field.string({ doc: 'Mount path.' }),
  ...tuneHead,
  force_no_cache: field.bool({ doc: 'Disable caching.' }),
  ...tuneTail,
}

/** `sys/auth/<path>/tune`. */
export const authTuneFields = {
  path: field.string({ doc: 'Auth mount path.' }),
  ...tuneHead,
  ...tuneTail,
}

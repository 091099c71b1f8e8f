// API: https://developer.hashicorp.com/vault/api-docs/system/mounts
import { definePath } from '../../framework/path.js'
import { field } from '../../framework/fields.js'
import { invalidRequest } from '../../core/errors.js'
import type { MountEntry } from '../../core/mounts.js'
import { SINGLETON_TYPES, isBuiltinType, loadBackends } from '../registry.js'
import { mountInfo, normaliseMountPath } from './mount-info.js'
import { enableFlagFields, mountSettings, mountTuneFields, parseMountConfig, parseOptions } from './mount-input.js'
import type { Core } from '../../core/core.js'

const PROTECTED = ['auth/', 'audit/', 'sys/', 'cubbyhole/', 'identity/']

const enableFields = {
  path: field.string({ doc: 'Where to mount.' }),
  type: field.string({ doc: 'Engine type: kv, kv-v2, database, transit, pki...' }),
  description: field.string({ doc: 'Human-readable description.' }),
  config: field.map({ doc: 'default_lease_ttl, max_lease_ttl, force_no_cache, ...' }),
  options: field.raw({ doc: 'Engine options (kv: version).' }),
  ...enableFlagFields,
}

/** `kv-v2` → kv + version 2, `kv-v1`/`generic` → kv. */
export function resolveEngineType(type: string, options: Record<string, string> | null): { type: string; options: Record<string, string> | null } {
  if (type === 'kv-v2') return { type: 'kv', options: { ...options, version: '2' } }
  if (type === 'kv-v1') return { type: 'kv', options: { ...options, version: '1' } }
  if (type === 'generic') return { type: 'kv', options }
  return { type, options }
}

export function checkMountablePath(core: Core, path: string, table: 'secret' | 'auth'): void {
  const full = table === 'auth' ? `auth/${path}` : path
  if (table === 'secret') {
    for (const p of PROTECTED) if (path.startsWith(p)) throw invalidRequest(`cannot mount ${JSON.stringify(p)}`)
  }
  const conflict = core.mounts.conflicting(full)
  if (conflict) {
    const shown = table === 'auth' ? conflict.entry.path.replace(/^auth\//, '') : conflict.entry.path
    throw invalidRequest(`path is already in use at ${shown}`)
  }
}

export const mountsListPath = definePath({
  pattern: 'mounts',
  operations: {
    read: ({ core }) => {
      const data: Record<string, unknown> = {}
      for (const m of core.mounts.all('secret').sort((a, b) => a.entry.path.localeCompare(b.entry.path))) data[m.entry.path] = mountInfo(m.entry)
      return { data }
    },
  },
})

export const mountTunePath = definePath({
  pattern: 'mounts/:path+/tune',
  fields: mountTuneFields,
  operations: {
    read: ({ core, data }) => ({ data: tuneInfo(core, findMount(core, normaliseMountPath(data.path), 'tune')) }),
    update: ({ core, data, raw }) => {
      applyTune(core, findMount(core, normaliseMountPath(data.path), 'tune'), raw)
      return undefined
    },
  },
})

export const mountPath = definePath({
  pattern: 'mounts/:path+',
  fields: enableFields,
  operations: {
    read: ({ core, data }) => {
      const path = normaliseMountPath(data.path)
      const m = core.mounts.get(path)
      if (!m || m.entry.class !== 'secret') throw invalidRequest(`No secret engine mount at ${path}`)
      return { data: mountInfo(m.entry) }
    },
    update: async ({ core, data, has }) => {
      const path = normaliseMountPath(data.path)
      if (!has('type') || data.type === '') throw invalidRequest('backend type must be specified as a string')
      const resolved = resolveEngineType(data.type, parseOptions(data.options))
      if (SINGLETON_TYPES.has(resolved.type)) throw invalidRequest(`mount type of ${JSON.stringify(resolved.type)} is not mountable`)
      if (resolved.type !== 'kv' && resolved.options && 'version' in resolved.options) {
        throw invalidRequest(`secrets engine ${JSON.stringify(resolved.type)} does not allow setting a version`)
      }
      if (resolved.type === 'kv' && resolved.options?.['version'] && !['1', '2'].includes(resolved.options['version'])) {
        throw invalidRequest(`invalid KV version ${resolved.options['version']}`)
      }
      if (!isBuiltinType(resolved.type) || isAuthOnly(resolved.type)) throw invalidRequest(`plugin not found in the catalog: ${data.type}`)
      checkMountablePath(core, path, 'secret')
      await loadBackends([resolved.type])
      core.enableMount({
        path,
        type: resolved.type,
        class: 'secret',
        ...mountSettings(data),
        options: resolved.options,
      })
      return undefined
    },
    delete: async ({ core, data }) => {
      const path = normaliseMountPath(data.path)
      for (const p of PROTECTED) if (path === p) throw invalidRequest(`cannot unmount ${JSON.stringify(p)}`)
      const m = core.mounts.get(path)
      if (m && m.entry.class === 'secret') await core.disableMount(path)
      return undefined
    },
  },
})

const AUTH_ONLY = new Set(['token', 'approle', 'userpass', 'kubernetes', 'jwt', 'oidc'])
function isAuthOnly(type: string): boolean {
  return AUTH_ONLY.has(type)
}

export function findMount(core: Core, fullPath: string, _purpose: 'tune'): MountEntry {
  const m = core.mounts.get(fullPath)
  if (!m) throw invalidRequest(`cannot fetch sysview for path ${JSON.stringify(fullPath)}`)
  return m.entry
}

export function tuneInfo(core: Core, entry: MountEntry): Record<string, unknown> {
  const { defaultTtl, maxTtl } = core.mountTtls(entry)
  const info: Record<string, unknown> = {
    description: entry.description,
    default_lease_ttl: defaultTtl,
    max_lease_ttl: maxTtl,
    force_no_cache: entry.config.force_no_cache,
  }
  if (entry.options) info['options'] = entry.options
  if (entry.class === 'auth') info['token_type'] = entry.config.token_type ?? 'default-service'
  for (const key of ['audit_non_hmac_request_keys', 'audit_non_hmac_response_keys', 'listing_visibility', 'passthrough_request_headers', 'allowed_response_headers'] as const) {
    const v = entry.config[key]
    if (v !== undefined && !(Array.isArray(v) && v.length === 0) && v !== '') info[key] = v
  }
  return info
}

const UNTUNABLE = new Set(['sys/', 'cubbyhole/', 'identity/'])

export function applyTune(core: Core, entry: MountEntry, input: Record<string, unknown>): void {
  const fields = Object.keys(input).filter((k) => k !== 'path')
  if (UNTUNABLE.has(entry.path)) {
    const bad = fields.find((k) => !k.startsWith('audit_non_hmac'))
    if (bad) throw invalidRequest(`cannot tune parameter ${bad} of ${entry.path}`)
  }
  const config = parseMountConfig(input)
  const next: MountEntry = { ...entry, config: { ...entry.config, ...config } }
  const { default_lease_ttl: d, max_lease_ttl: m } = next.config
  if (d && m && d > m) throw invalidRequest('given default lease TTL greater than given max lease TTL')
  if (typeof input['description'] === 'string') next.description = input['description']
  if ('options' in input) {
    const options = parseOptions(input['options'])
    if (options?.['version'] && entry.type === 'kv') {
      const from = entry.options?.['version'] ?? '1'
      if (from === '2' && options['version'] === '1') throw invalidRequest('cannot downgrade mount from version 2')
    }
    next.options = options ? { ...entry.options, ...options } : entry.options
  }
  core.updateMount(next)
}

// API: https://developer.hashicorp.com/vault/api-docs/secret/kv/kv-v1
// KV version 1: the request body is the secret, stored and returned as is.
import { definePath } from '../../../framework/path.js'
import { field } from '../../../framework/fields.js'
import { invalidRequest } from '../../../core/errors.js'
import { parseDurationSeconds } from '../../../core/duration.js'

/** The refresh interval a read reports: the entry's own `ttl` (or `lease`), else the mount default. */
function refreshInterval(secret: Readonly<Record<string, unknown>>, mountDefault: number): number {
  const raw = 'ttl' in secret ? secret['ttl'] : 'lease' in secret ? secret['lease'] : undefined
  if (raw === undefined) return mountDefault
  try {
    return parseDurationSeconds(raw)
  } catch {
    return mountDefault
  }
}

export const kvV1Path = definePath({
  pattern: ':path*',
  fields: { path: field.string({ doc: 'Location of the secret.' }) },
  takesAnyField: true,
  // Runs before fields are parsed: the capture is in `raw`.
  existenceCheck: ({ storage, raw }) => storage.get(String(raw['path'] ?? '')) !== undefined,
  operations: {
    read: ({ storage, data, core, mount }) => {
      // Shared and frozen: a read hands the stored secret out unchanged.
      const secret = storage.getFrozen<Record<string, unknown>>(data.path)
      if (!secret) return undefined
      return { data: secret, leaseDuration: refreshInterval(secret, core.mountTtls(mount).defaultTtl) }
    },
    update: ({ storage, data, req }) => {
      if (data.path === '') throw invalidRequest('missing path')
      if (Object.keys(req.data).length === 0) throw invalidRequest('missing data fields')
      storage.put(data.path, req.data)
      return undefined
    },
    delete: ({ storage, data }) => {
      storage.delete(data.path)
      return undefined
    },
    list: ({ storage, data }) => {
      const prefix = data.path === '' || data.path.endsWith('/') ? data.path : `${data.path}/`
      return { data: { keys: storage.list(prefix) } }
    },
  },
  synopsis: 'Pass-through secret storage.',
})

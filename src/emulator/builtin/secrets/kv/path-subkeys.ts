// API: https://developer.hashicorp.com/vault/api-docs/secret/kv/kv-v2#read-secret-subkeys
import { definePath } from '../../../framework/path.js'
import { field } from '../../../framework/fields.js'
import { internalError } from '../../../core/errors.js'
import { isDeleted, readMetadata, readVersionData, versionView } from './metadata-store.js'

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
}

/**
 * The secret's shape with every leaf replaced by null. Non-empty objects are
 * followed down to `maxDepth` levels (0: no limit); deeper ones become leaves.
 */
export function subkeys(data: Record<string, unknown>, maxDepth: number, depth = 1): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(data)) {
    const descend = isObject(value) && Object.keys(value).length > 0 && (maxDepth === 0 || depth + 1 <= maxDepth)
    out[key] = descend ? subkeys(value, maxDepth, depth + 1) : null
  }
  return out
}

export const subkeysPath = definePath({
  pattern: 'subkeys/:path*',
  fields: {
    path: field.string({ doc: 'Location of the secret.' }),
    version: field.int({ doc: 'Version to describe (0: the current one).' }),
    depth: field.int({ doc: 'Deepest level to show (0: no limit).' }),
  },
  operations: {
    read: ({ storage, clock, data }) => {
      const meta = readMetadata(storage, data.path)
      if (!meta) return undefined
      const version = data.version > 0 ? data.version : meta.current_version
      const vm = meta.versions[String(version)]
      if (!vm) return undefined
      const metadata = versionView(meta, version, vm)
      if (isDeleted(vm, clock.now()) || vm.destroyed) return { status: 404, data: { metadata, subkeys: null } }
      const secret = readVersionData(storage, data.path, version)
      if (!secret) throw internalError('could not find version data')
      return { data: { metadata, subkeys: subkeys(secret, data.depth) } }
    },
  },
  synopsis: 'Read the structure of a secret with its values removed.',
})

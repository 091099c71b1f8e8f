// API: https://developer.hashicorp.com/vault/api-docs/secret/transit#export-key
import { definePath } from '../../../framework/path.js'
import type { PathDefinition } from '../../../framework/path.js'
import { field } from '../../../framework/fields.js'
import { internalError, invalidRequest } from '../../../core/errors.js'
import type { TransitEngine } from './engine.js'
import { keyRecords } from './key-record.js'
import type { KeyVersion, TransitKey } from './key-record.js'
import { KEY_TYPES } from './key-types.js'
import type { KeyObjectCache } from './key-objects.js'
import { liveVersions } from './key-view.js'

const EXPORT_TYPES = new Set(['encryption-key', 'signing-key', 'hmac-key', 'public-key', 'certificate-chain'])

/** The text Vault exports for one version (PEM layouts and trimming as Vault's encoders leave them). */
function exported(key: TransitKey, entry: KeyVersion, exportType: string, objects: KeyObjectCache): string {
  const family = KEY_TYPES[key.type].family
  const unknown = (): never => {
    throw internalError(`unknown key type ${key.type} for export type ${exportType}`)
  }
  switch (exportType) {
    case 'hmac-key':
      return entry.hmac_key
    case 'encryption-key':
      if (family === 'aead') return entry.key
      if (family === 'rsa') return objects.privateFromPkcs8(entry.key).export({ format: 'pem', type: 'pkcs1' }).toString()
      return unknown()
    case 'signing-key':
      if (family === 'ecdsa') return objects.privateFromPkcs8(entry.key).export({ format: 'pem', type: 'sec1' }).toString().trim()
      if (family === 'ed25519') return entry.key
      if (family === 'rsa') return objects.privateFromPkcs8(entry.key).export({ format: 'pem', type: 'pkcs1' }).toString()
      return unknown()
    case 'public-key':
      if (family === 'ecdsa') return entry.public_key.trim()
      if (family === 'ed25519') return entry.public_key
      if (family === 'rsa') return objects.publicFromPkcs8(entry.key).export({ format: 'pem', type: 'spki' }).toString()
      return unknown()
    default:
      throw internalError('selected key version does not have a certificate chain imported')
  }
}

export function exportPaths(engine: TransitEngine): PathDefinition[] {
  return [
    definePath({
      pattern: 'export/:type/:name/:version?',
      fields: {
        type: field.string({ doc: 'encryption-key, signing-key, hmac-key, public-key or certificate-chain.' }),
        name: field.string({ doc: 'Name of the key.' }),
        version: field.string({ doc: 'Version to export (`latest`, `3`, `v3`); all when absent.' }),
      },
      operations: {
        read: ({ data }) => {
          if (!EXPORT_TYPES.has(data.type)) throw invalidRequest(`invalid export type: ${data.type}`)
          const key = keyRecords.get(engine.storage, data.name)
          if (!key) return undefined
          if (!key.exportable && data.type !== 'public-key' && data.type !== 'certificate-chain') throw invalidRequest('private key material is not exportable')
          const spec = KEY_TYPES[key.type]
          if (data.type === 'encryption-key' && !spec.encryption) throw invalidRequest('encryption not supported for the key')
          if (data.type === 'signing-key' && !spec.signing) throw invalidRequest('signing not supported for the key')
          if (data.type === 'certificate-chain' && !spec.signing) throw invalidRequest('certificate chain not supported for keys that do not support signing')

          const keys: Record<string, string> = {}
          if (data.version === '') {
            for (const [v, entry] of liveVersions(key)) keys[String(v)] = exported(key, entry, data.type, engine.objects)
          } else {
            let version: number
            if (data.version === 'latest') version = key.latest_version
            else {
              const digits = data.version.replace(/^v/, '')
              if (!/^[+-]?\d+$/.test(digits)) throw invalidRequest('invalid key version')
              version = Number.parseInt(digits, 10)
            }
            if (version < key.min_decryption_version) throw invalidRequest('version for export is below minimum decryption version')
            const entry = key.versions[String(version)]
            if (!entry) throw invalidRequest('version does not exist or cannot be found')
            keys[String(version)] = exported(key, entry, data.type, engine.objects)
          }
          return { data: { keys, name: key.name, type: key.type } }
        },
      },
      synopsis: 'Export the named key material (only for exportable keys, except public keys).',
    }),
  ]
}

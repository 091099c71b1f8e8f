// API: https://developer.hashicorp.com/vault/api-docs/secret/transit#generate-data-key
import { randomBytes } from 'node:crypto'
import { definePath } from '../../../framework/path.js'
import type { PathDefinition } from '../../../framework/path.js'
import { field } from '../../../framework/fields.js'
import { invalidRequest } from '../../../core/errors.js'
import type { TransitEngine } from './engine.js'
import { keyRecords } from './key-record.js'
import { KEY_TYPES } from './key-types.js'
import { encryptValue } from './encryption.js'
import { decodeStdBase64 } from './go-base64.js'
import { toVaultError } from './transit-error.js'

const BITS: Record<number, number> = { 128: 16, 256: 32, 512: 64 }

export function datakeyPaths(engine: TransitEngine): PathDefinition[] {
  return [
    definePath({
      pattern: 'datakey/:plaintext/:name',
      fields: {
        plaintext: field.string({ doc: '`plaintext` (return the key too) or `wrapped`.' }),
        name: field.string({ doc: 'Name of the key that wraps the data key.' }),
        context: field.string({ doc: 'Base64 derivation context (derived keys).' }),
        bits: field.int({ doc: 'Data key size: 128, 256 or 512.', default: 256 }),
        key_version: field.int({ doc: 'Version to wrap with (0: latest).' }),
        associated_data: field.string({ doc: 'Base64 associated data (AEAD types).' }),
      },
      operations: {
        update: ({ data }) => {
          if (data.plaintext !== 'plaintext' && data.plaintext !== 'wrapped') throw invalidRequest("Invalid path, must be 'plaintext' or 'wrapped'")
          let context: Buffer = Buffer.alloc(0)
          if (data.context !== '') {
            try {
              context = decodeStdBase64(data.context)
            } catch {
              throw invalidRequest('failed to base64-decode context')
            }
          }
          const key = keyRecords.get(engine.storage, data.name)
          if (!key) throw invalidRequest('encryption key not found')
          const bytes = BITS[data.bits]
          if (bytes === undefined) throw invalidRequest('invalid bit length')
          const dataKey = randomBytes(bytes)
          let aad: Buffer | undefined
          if (data.associated_data !== '') {
            if (!KEY_TYPES[key.type].associatedData) throw invalidRequest(`'associated_data' provided for non-AEAD cipher suite ${key.type}`)
            aad = Buffer.from(data.associated_data, 'base64')
          }
          let ciphertext: string
          try {
            ciphertext = encryptValue(key, data.key_version, dataKey.toString('base64'), { context, aad }, engine.objects)
          } catch (err) {
            throw toVaultError(err)
          }
          const out: Record<string, unknown> = {
            ciphertext,
            key_version: data.key_version === 0 ? key.latest_version : data.key_version,
          }
          if (data.plaintext === 'plaintext') out['plaintext'] = dataKey.toString('base64')
          return { data: out }
        },
      },
      synopsis: 'Generate a data key, returned encrypted with the named key (and in plaintext when asked).',
    }),
  ]
}

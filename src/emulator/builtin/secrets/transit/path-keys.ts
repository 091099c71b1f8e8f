// API: https://developer.hashicorp.com/vault/api-docs/secret/transit#create-key
//      https://developer.hashicorp.com/vault/api-docs/secret/transit#read-key
//      https://developer.hashicorp.com/vault/api-docs/secret/transit#list-keys
//      https://developer.hashicorp.com/vault/api-docs/secret/transit#delete-key
import { definePath } from '../../../framework/path.js'
import type { PathDefinition } from '../../../framework/path.js'
import { field } from '../../../framework/fields.js'
import { invalidRequest } from '../../../core/errors.js'
import type { TransitEngine } from './engine.js'
import { keyRecords } from './key-record.js'
import { HMAC_MAX_KEY_SIZE, HMAC_MIN_KEY_SIZE, isKeyType } from './key-types.js'
import { updateKey, upsertKey } from './key-lifecycle.js'
import { formatKey } from './key-view.js'
import { decodeStdBase64 } from './go-base64.js'
import { toVaultError } from './transit-error.js'

const HOUR = 3600

export function keysPaths(engine: TransitEngine): PathDefinition[] {
  return [
    definePath({
      pattern: 'keys/',
      operations: { list: () => ({ data: { keys: keyRecords.list(engine.storage) } }) },
      synopsis: 'List the named keys.',
    }),
    definePath({
      pattern: 'keys/:name',
      fields: {
        name: field.string({ doc: 'Name of the key.' }),
        type: field.string({ doc: 'Key type (aes256-gcm96, ed25519, rsa-2048, hmac...).', default: 'aes256-gcm96' }),
        derived: field.bool({ doc: 'Derive a key per request context.' }),
        convergent_encryption: field.bool({ doc: 'Same plaintext and context give the same ciphertext (needs derived).' }),
        exportable: field.bool({ doc: 'Allow exporting the key material.' }),
        allow_plaintext_backup: field.bool({ doc: 'Allow a plaintext backup of the key.' }),
        context: field.string({ doc: 'On read: base64 context for the public key of a derived ed25519 key.' }),
        auto_rotate_period: field.durationSeconds({ doc: 'Rotate automatically after this long (0 disables; at least 1h).' }),
        key_size: field.int({ doc: 'Key size in bytes, hmac keys only (32 to 512).' }),
      },
      operations: {
        update: async ({ data, warn }) => {
          if (data.auto_rotate_period !== 0 && data.auto_rotate_period < HOUR) throw invalidRequest('auto rotate period must be 0 to disable or at least an hour')
          if (!data.derived && data.convergent_encryption) throw invalidRequest('convergent encryption requires derivation to be enabled')
          if (!isKeyType(data.type)) throw invalidRequest(`unknown key type ${data.type}`)
          if (data.key_size !== 0) {
            if (data.type !== 'hmac') throw invalidRequest(`key_size is not valid for algorithm ${data.type}`)
            if (data.key_size < HMAC_MIN_KEY_SIZE || data.key_size > HMAC_MAX_KEY_SIZE) throw invalidRequest(`invalid key_size ${data.key_size}`)
          }
          try {
            const { key, created } = await upsertKey(engine, {
              name: data.name,
              type: data.type,
              derived: data.derived,
              convergent: data.convergent_encryption,
              exportable: data.exportable,
              allowPlaintextBackup: data.allow_plaintext_backup,
              autoRotatePeriod: data.auto_rotate_period,
              keySize: data.key_size,
            })
            if (!created) warn(`key ${data.name} already existed`)
            return { data: formatKey(key, engine.objects) }
          } catch (err) {
            throw toVaultError(err)
          }
        },
        read: ({ data }) => {
          const key = keyRecords.get(engine.storage, data.name)
          if (!key) return undefined
          let context: Buffer | undefined
          if (data.context !== '') {
            try {
              context = decodeStdBase64(data.context)
            } catch {
              throw invalidRequest('failed to base64-decode context')
            }
          }
          return { data: formatKey(key, engine.objects, context) }
        },
        delete: ({ data }) =>
          updateKey(engine, data.name, (key) => {
            const reason = !key ? 'could not delete key; not found' : !key.deletion_allowed ? 'deletion is not allowed for this key' : undefined
            if (reason) throw invalidRequest(`error deleting policy ${data.name}: ${reason}`)
            keyRecords.delete(engine.storage, data.name)
            engine.rotation.cancel(data.name)
            return undefined
          }),
      },
      synopsis: 'Manage named encryption keys.',
    }),
  ]
}

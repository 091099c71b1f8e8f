// API: https://developer.hashicorp.com/vault/api-docs/secret/transit#rewrap-data
import { definePath } from '../../../framework/path.js'
import type { PathDefinition } from '../../../framework/path.js'
import { field } from '../../../framework/fields.js'
import { invalidRequest } from '../../../core/errors.js'
import type { TransitEngine } from './engine.js'
import { keyRecords } from './key-record.js'
import { decryptValue, encryptValue } from './encryption.js'
import { decodeStdBase64 } from './go-base64.js'
import { TransitError, toVaultError } from './transit-error.js'
import { batchItems, itemInt, itemString } from './batch.js'

interface RewrapResult {
  ciphertext: string | undefined
  key_version: number | undefined
  error: string | undefined
  reference: string
}

export function rewrapPaths(engine: TransitEngine): PathDefinition[] {
  return [
    definePath({
      pattern: 'rewrap/:name',
      fields: {
        name: field.string({ doc: 'Name of the key.' }),
        ciphertext: field.string({ doc: 'Ciphertext to re-encrypt with the latest (or given) version.' }),
        context: field.string({ doc: 'Base64 derivation context (derived keys).' }),
        key_version: field.int({ doc: 'Version to encrypt with (0: latest).' }),
        batch_input: field.raw({ doc: 'List of items to rewrap.' }),
      },
      operations: {
        update: ({ data, raw }) => {
          const batch = batchItems(raw)
          const items = batch
            ? batch.map((item) => ({
                ciphertext: itemString(item, 'ciphertext'),
                context: itemString(item, 'context'),
                keyVersion: itemInt(item, 'key_version'),
                reference: itemString(item, 'reference'),
              }))
            : [{ ciphertext: data.ciphertext, context: data.context, keyVersion: data.key_version, reference: '' }]
          if (!batch && data.ciphertext === '') throw invalidRequest('missing ciphertext to decrypt')

          const results: RewrapResult[] = items.map((item) => ({ ciphertext: undefined, key_version: undefined, error: undefined, reference: item.reference }))
          const contexts: Buffer[] = items.map(() => Buffer.alloc(0))
          const contextSet = (items[0]?.context ?? '') !== ''
          items.forEach((item, i) => {
            if ((item.context === '') === contextSet) throw invalidRequest('context should be set either in all the request blocks or in none')
            const result = results[i] as RewrapResult
            if (item.ciphertext === '') {
              result.error = 'missing ciphertext to decrypt'
              return
            }
            try {
              if (item.context !== '') contexts[i] = decodeStdBase64(item.context)
            } catch (err) {
              result.error = err instanceof Error ? err.message : String(err)
            }
          })

          const key = keyRecords.get(engine.storage, data.name)
          if (!key) throw invalidRequest('encryption key not found')

          items.forEach((item, i) => {
            const result = results[i] as RewrapResult
            if (result.error !== undefined) return
            const input = { context: contexts[i] ?? Buffer.alloc(0) }
            try {
              const plaintext = decryptValue(key, item.ciphertext, input, engine.objects)
              result.ciphertext = encryptValue(key, item.keyVersion, plaintext, input, engine.objects)
              result.key_version = item.keyVersion === 0 ? key.latest_version : item.keyVersion
            } catch (err) {
              // User errors stay with their item; anything else fails the request.
              if (err instanceof TransitError && err.kind === 'user') result.error = err.message
              else throw toVaultError(err)
            }
          })

          // Unlike encrypt and decrypt, a batch rewrap answers 200 whatever its items did.
          if (batch) return { data: { batch_results: results } }
          const only = results[0] as RewrapResult
          if (only.error !== undefined) throw invalidRequest(only.error)
          return { data: { ciphertext: only.ciphertext, key_version: only.key_version } }
        },
      },
      synopsis: 'Rewrap ciphertext with the latest version of the named key.',
    }),
  ]
}

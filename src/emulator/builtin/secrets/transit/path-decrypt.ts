// API: https://developer.hashicorp.com/vault/api-docs/secret/transit#decrypt-data
import { definePath } from '../../../framework/path.js'
import type { PathDefinition } from '../../../framework/path.js'
import { field } from '../../../framework/fields.js'
import { internalError, invalidRequest } from '../../../core/errors.js'
import type { TransitEngine } from './engine.js'
import { keyRecords } from './key-record.js'
import { KEY_TYPES } from './key-types.js'
import { decryptValue } from './encryption.js'
import { decodeStdBase64 } from './go-base64.js'
import { TransitError } from './transit-error.js'
import { batchItems, batchResponse, itemString } from './batch.js'
import type { BatchOutcome } from './batch.js'

interface DecryptResult {
  plaintext: string
  error: string | undefined
  reference: string
}

export function decryptPaths(engine: TransitEngine): PathDefinition[] {
  return [
    definePath({
      pattern: 'decrypt/:name',
      fields: {
        name: field.string({ doc: 'Name of the key.' }),
        ciphertext: field.string({ doc: 'Ciphertext (`vault:v<N>:...`).' }),
        context: field.string({ doc: 'Base64 derivation context (derived keys).' }),
        associated_data: field.string({ doc: 'Base64 associated data (AEAD types).' }),
        partial_failure_response_code: field.int({ doc: 'Status when some batch items failed and some succeeded.' }),
        batch_input: field.raw({ doc: 'List of items to decrypt.' }),
      },
      operations: {
        update: ({ data, raw, has }) => {
          const batch = batchItems(raw)
          const items = batch
            ? batch.map((item) => ({
                ciphertext: itemString(item, 'ciphertext'),
                context: itemString(item, 'context'),
                associatedData: itemString(item, 'associated_data'),
                reference: itemString(item, 'reference'),
              }))
            : [{ ciphertext: data.ciphertext, context: data.context, associatedData: data.associated_data, reference: '' }]
          if (!batch && data.ciphertext === '') throw invalidRequest('missing ciphertext to decrypt')

          const results: DecryptResult[] = items.map((item) => ({ plaintext: '', error: undefined, reference: item.reference }))
          const contexts: Buffer[] = items.map(() => Buffer.alloc(0))
          const outcome: BatchOutcome = { successes: false, userErrors: false, internalErrors: false }
          const contextSet = (items[0]?.context ?? '') !== ''
          items.forEach((item, i) => {
            if ((item.context === '') === contextSet) throw invalidRequest('context should be set either in all the request blocks or in none')
            const result = results[i] as DecryptResult
            if (item.ciphertext === '') {
              outcome.userErrors = true
              result.error = 'missing ciphertext to decrypt'
              return
            }
            try {
              if (item.context !== '') contexts[i] = decodeStdBase64(item.context)
            } catch (err) {
              outcome.userErrors = true
              result.error = err instanceof Error ? err.message : String(err)
            }
          })

          const key = keyRecords.get(engine.storage, data.name)
          if (!key) throw invalidRequest('encryption key not found')

          items.forEach((item, i) => {
            const result = results[i] as DecryptResult
            if (result.error !== undefined) return
            if (item.associatedData !== '' && !KEY_TYPES[key.type].associatedData) {
              result.error = `'[${i}].associated_data' provided for non-AEAD cipher suite ${key.type}`
              return
            }
            try {
              const aad = item.associatedData === '' ? undefined : decodeStdBase64(item.associatedData)
              result.plaintext = decryptValue(key, item.ciphertext, { context: contexts[i] ?? Buffer.alloc(0), aad }, engine.objects)
              outcome.successes = true
            } catch (err) {
              if (err instanceof TransitError && err.kind === 'internal') outcome.internalErrors = true
              else outcome.userErrors = true
              result.error = err instanceof Error ? err.message : String(err)
            }
          })

          if (!batch) {
            const only = results[0] as DecryptResult
            if (only.error !== undefined) throw outcome.internalErrors ? internalError(only.error) : invalidRequest(only.error)
            return { data: { plaintext: only.plaintext } }
          }
          return batchResponse({ data: { batch_results: results } }, outcome, has('partial_failure_response_code') ? data.partial_failure_response_code : undefined)
        },
      },
      synopsis: 'Decrypt a ciphertext value using a named key.',
    }),
  ]
}

// API: https://developer.hashicorp.com/vault/api-docs/secret/transit#sign-data
import { definePath } from '../../../framework/path.js'
import type { PathDefinition } from '../../../framework/path.js'
import { field } from '../../../framework/fields.js'
import { internalError, invalidRequest } from '../../../core/errors.js'
import type { TransitEngine } from './engine.js'
import { keyRecords } from './key-record.js'
import { KEY_TYPES } from './key-types.js'
import { signInput } from './signing.js'
import { decodeInput } from './hmac-ops.js'
import { decodeStdBase64 } from './go-base64.js'
import { batchItems, itemString } from './batch.js'
import { NONE_NEEDS_PKCS1, commonSigning, signingFields } from './signing-fields.js'

interface SignResultItem {
  signature: string | undefined
  key_version: number
  publickey: string | undefined
  error: string | undefined
  reference: string
  /** Whether `error` came from decoding the request (a plain 400 when not batched). */
  badInput: boolean
}

export function signPaths(engine: TransitEngine): PathDefinition[] {
  return [
    definePath({
      pattern: 'sign/:name/:urlalgorithm?',
      fields: { ...signingFields, key_version: field.int({ doc: 'Version to sign with (0: latest).' }) },
      operations: {
        update: ({ data, raw }) => {
          const common = commonSigning(data)
          const key = keyRecords.get(engine.storage, data.name)
          if (!key) throw invalidRequest('signing key not found')
          if (!KEY_TYPES[key.type].signing) throw invalidRequest(`key type ${key.type} does not support signing`)
          if (common.hash === 'none' && (!data.prehashed || data.signature_algorithm !== 'pkcs1v15')) throw invalidRequest(NONE_NEEDS_PKCS1)

          const batch = batchItems(raw)
          const items = batch
            ? batch.map((item) => ({ input: item['input'] === undefined ? undefined : itemString(item, 'input'), context: itemString(item, 'context'), reference: itemString(item, 'reference') }))
            : [{ input: data.input as string | undefined, context: data.context, reference: '' }]
          const results: SignResultItem[] = items.map((item) => {
            const result: SignResultItem = { signature: undefined, key_version: 0, publickey: undefined, error: undefined, reference: item.reference, badInput: true }
            if (item.input === undefined) {
              result.error = 'missing input'
              return result
            }
            let input: Buffer
            let context: Buffer = Buffer.alloc(0)
            try {
              input = decodeInput(item.input)
            } catch (err) {
              result.error = err instanceof Error ? err.message : String(err)
              return result
            }
            if (item.context !== '') {
              try {
                context = decodeStdBase64(item.context)
              } catch {
                result.error = 'failed to base64-decode context'
                return result
              }
            }
            result.badInput = false
            try {
              const signed = signInput(key, data.key_version, input, { ...common, prehashed: data.prehashed, signatureAlgorithm: data.signature_algorithm, context }, engine.objects)
              result.signature = signed.signature
              result.key_version = signed.version
              if (signed.publicKey) result.publickey = signed.publicKey.toString('base64')
            } catch (err) {
              result.error = err instanceof Error ? err.message : String(err)
            }
            return result
          })
          if (batch) return { data: { batch_results: results.map(({ badInput: _b, ...rest }) => rest) } }
          const only = results[0] as SignResultItem
          if (only.error !== undefined) {
            // Vault answers a failed signature (not a bad input) as a bare error: 500.
            throw only.badInput ? invalidRequest(only.error) : internalError(only.error)
          }
          const out: Record<string, unknown> = { signature: only.signature, key_version: only.key_version }
          if (only.publickey !== undefined) out['public_key'] = only.publickey
          return { data: out }
        },
      },
      synopsis: 'Sign the input with the named key.',
    }),
  ]
}

// API: https://developer.hashicorp.com/vault/api-docs/secret/transit#verify-signed-data
//      https://developer.hashicorp.com/vault/api-docs/secret/transit#verify-hmac
import { definePath } from '../../../framework/path.js'
import type { PathDefinition } from '../../../framework/path.js'
import { field } from '../../../framework/fields.js'
import { internalError, invalidRequest } from '../../../core/errors.js'
import type { TransitEngine } from './engine.js'
import { keyRecords } from './key-record.js'
import type { TransitKey } from './key-record.js'
import { KEY_TYPES } from './key-types.js'
import { isHashName } from '../../../framework/hash-names.js'
import { verifySignature } from './signing.js'
import { decodeInput, verifyHmac } from './hmac-ops.js'
import { decodeStdBase64 } from './go-base64.js'
import { TransitError } from './transit-error.js'
import { batchItems, itemString } from './batch.js'
import type { BatchItem } from './batch.js'
import { NONE_NEEDS_PKCS1, commonSigning, signingFields } from './signing-fields.js'

interface VerifyResult {
  valid: boolean
  error: string | undefined
  reference: string
  /** A user error (400) rather than an internal one (500), when not batched. */
  user: boolean
}

type Check = (input: Buffer, given: string, context: Buffer) => boolean

function runItems(items: BatchItem[], member: 'signature' | 'hmac', missingInput: string, check: (key: TransitKey) => Check, key: TransitKey): VerifyResult[] {
  const verify = check(key)
  return items.map((item) => {
    const result: VerifyResult = { valid: false, error: undefined, reference: itemString(item, 'reference'), user: true }
    if (item['input'] === undefined) {
      result.error = missingInput
      return result
    }
    try {
      const input = decodeInput(itemString(item, 'input'))
      if (item[member] === undefined) {
        result.error = `missing ${member}`
        return result
      }
      let context: Buffer = Buffer.alloc(0)
      const contextText = itemString(item, 'context')
      if (contextText !== '') {
        try {
          context = decodeStdBase64(contextText)
        } catch {
          result.error = 'failed to base64-decode context'
          return result
        }
      }
      result.valid = verify(input, itemString(item, member), context)
    } catch (err) {
      result.error = err instanceof Error ? err.message : String(err)
      result.user = !(err instanceof TransitError) || err.kind === 'user'
    }
    return result
  })
}

export function verifyPaths(engine: TransitEngine): PathDefinition[] {
  return [
    definePath({
      pattern: 'verify/:name/:urlalgorithm?',
      fields: {
        ...signingFields,
        signature: field.string({ doc: 'Signature to check (`vault:v<N>:...`).' }),
        hmac: field.string({ doc: 'HMAC to check (`vault:v<N>:...`).' }),
      },
      operations: {
        update: ({ data, raw, has }) => {
          const batch = batchItems(raw)
          let items: BatchItem[]
          if (batch) items = batch
          else {
            const single: BatchItem = { input: data.input, context: data.context }
            if (has('signature')) single['signature'] = data.signature
            if (has('hmac')) single['hmac'] = data.hmac
            items = [single]
          }
          const sigFound = items.some((i) => i['signature'] !== undefined)
          const hmacFound = items.some((i) => i['signature'] === undefined && i['hmac'] !== undefined)
          const missing = items.some((i) => i['signature'] === undefined && i['hmac'] === undefined)
          if (!batch && sigFound && hmacFound) throw invalidRequest("provide one of 'signature' or 'hmac'")
          if (!batch && !sigFound && !hmacFound) throw invalidRequest("neither a 'signature' nor an 'hmac' were given to verify")
          if (sigFound && hmacFound) throw invalidRequest("elements of batch_input must all provide 'signature' or all provide 'hmac'")
          if (missing && sigFound) throw invalidRequest("some elements of batch_input are missing 'signature'")
          if (missing && hmacFound) throw invalidRequest("some elements of batch_input are missing 'hmac'")
          if (missing) throw invalidRequest("no batch_input elements have 'signature' or 'hmac'")

          let results: VerifyResult[]
          if (hmacFound) {
            const hash = data.urlalgorithm || data.hash_algorithm || data.algorithm || 'sha2-256'
            const key = keyRecords.get(engine.storage, data.name)
            if (!key) throw invalidRequest('encryption key not found')
            if (!isHashName(hash) || hash === 'none') throw invalidRequest(`invalid hash algorithm ${JSON.stringify(hash)}`)
            results = runItems(items, 'hmac', 'missing input', (k) => (input, given) => verifyHmac(k, hash, input, given), key)
          } else {
            const common = commonSigning(data)
            const key = keyRecords.get(engine.storage, data.name)
            if (!key) throw invalidRequest('signature verification key not found')
            if (!KEY_TYPES[key.type].signing) throw invalidRequest(`key type ${key.type} does not support verification`)
            if (common.hash === 'none' && (!data.prehashed || data.signature_algorithm !== 'pkcs1v15')) throw invalidRequest(NONE_NEEDS_PKCS1)
            const options = { ...common, prehashed: data.prehashed, signatureAlgorithm: data.signature_algorithm }
            results = runItems(items, 'signature', 'missing input', (k) => (input, given, context) => verifySignature(k, input, given, { ...options, context }, engine.objects), key)
          }
          if (batch) return { data: { batch_results: results.map(({ user: _u, ...rest }) => rest) } }
          const only = results[0] as VerifyResult
          if (only.error !== undefined) throw only.user ? invalidRequest(only.error) : internalError(only.error)
          return { data: { valid: only.valid } }
        },
      },
      synopsis: 'Verify a signature or an HMAC of the input with the named key.',
    }),
  ]
}

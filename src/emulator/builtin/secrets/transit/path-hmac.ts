// API: https://developer.hashicorp.com/vault/api-docs/secret/transit#generate-hmac
import { definePath } from '../../../framework/path.js'
import type { PathDefinition } from '../../../framework/path.js'
import { field } from '../../../framework/fields.js'
import { invalidRequest } from '../../../core/errors.js'
import type { TransitEngine } from './engine.js'
import { keyRecords } from './key-record.js'
import { NODE_HASHES } from '../../../framework/hash-names.js'
import { decodeInput, hmacKeyOf, hmacOf } from './hmac-ops.js'
import { TransitError } from './transit-error.js'
import { batchItems, itemString } from './batch.js'

interface HmacResult {
  hmac: string | undefined
  error: string | undefined
  reference: string
}

export function hmacPaths(engine: TransitEngine): PathDefinition[] {
  return [
    definePath({
      pattern: 'hmac/:name/:urlalgorithm?',
      fields: {
        name: field.string({ doc: 'Name of the key.' }),
        urlalgorithm: field.string({ doc: 'Hash algorithm, in the path.' }),
        algorithm: field.string({ doc: 'Hash algorithm (sha2-256 by default).', default: 'sha2-256' }),
        input: field.string({ doc: 'Base64 input.' }),
        key_version: field.int({ doc: 'Version of the HMAC key (0: latest).' }),
        batch_input: field.raw({ doc: 'List of items.' }),
      },
      operations: {
        update: ({ data, raw, has }) => {
          const key = keyRecords.get(engine.storage, data.name)
          if (!key) throw invalidRequest('encryption key not found')
          let version = data.key_version
          if (version === 0) version = key.latest_version
          else if (version !== key.latest_version && key.min_encryption_version > 0 && version < key.min_encryption_version) {
            throw invalidRequest('cannot generate HMAC: version is too old (disallowed by policy)')
          }
          let hmacKey: Buffer
          try {
            hmacKey = hmacKeyOf(key, version)
          } catch (err) {
            throw invalidRequest(err instanceof Error ? err.message : String(err))
          }
          const algorithm = data.urlalgorithm || data.algorithm
          const nodeHash = NODE_HASHES[algorithm]
          if (!nodeHash) throw invalidRequest(`unsupported algorithm ${JSON.stringify(algorithm)}`)

          const batch = batchItems(raw)
          if (!batch && !has('input')) throw invalidRequest('missing input for HMAC')
          const inputs = batch ? batch.map((item) => ({ input: item['input'] === undefined ? undefined : itemString(item, 'input'), reference: itemString(item, 'reference') })) : [{ input: data.input, reference: '' }]
          const results: HmacResult[] = inputs.map(({ input, reference }) => {
            const result: HmacResult = { hmac: undefined, error: undefined, reference }
            if (input === undefined) {
              result.error = 'missing input for HMAC'
              return result
            }
            try {
              result.hmac = `vault:v${version}:${hmacOf(nodeHash, hmacKey, decodeInput(input)).toString('base64')}`
            } catch (err) {
              result.error = err instanceof TransitError ? err.message : String(err)
            }
            return result
          })
          if (batch) return { data: { batch_results: results } }
          const only = results[0] as HmacResult
          if (only.error !== undefined) throw invalidRequest(only.error)
          return { data: { hmac: only.hmac } }
        },
      },
      synopsis: 'Generate an HMAC of the input with the named key.',
    }),
  ]
}

// API: https://developer.hashicorp.com/vault/api-docs/system/tools
import { createHash } from 'node:crypto'
import { definePath } from '../../framework/path.js'
import { field } from '../../framework/fields.js'
import { invalidRequest } from '../../core/errors.js'
import { randomBytes } from '../../core/ids.js'
import { NODE_HASHES, isHashName } from '../../framework/hash-names.js'

/** sys/tools/hash takes the SHA-2 and SHA-3 names of transit's table (not `none`, not `sha1`). */
function toolHash(algorithm: string): string | undefined {
  return /^sha[23]-/.test(algorithm) && isHashName(algorithm) ? (NODE_HASHES[algorithm] ?? undefined) : undefined
}

function encode(bytes: Buffer, format: string): string {
  if (format === 'hex') return bytes.toString('hex')
  if (format === 'base64') return bytes.toString('base64')
  throw invalidRequest(`unsupported encoding format ${JSON.stringify(format)}; must be "hex" or "base64"`)
}

/** Shared by sys/tools/random and (later) transit/random. */
export function randomBytesResponse(bytes: number, format: string): { data: { random_bytes: string } } {
  if (bytes < 1) throw invalidRequest("'bytes' cannot be less than 1")
  if (bytes > 128 * 1024) throw invalidRequest("'bytes' should be less than 131072")
  return { data: { random_bytes: encode(randomBytes(bytes), format) } }
}

/** Shared by sys/tools/hash and (later) transit/hash. */
export function hashResponse(inputB64: string, algorithm: string, format: string): { data: { sum: string } } {
  const algo = toolHash(algorithm)
  if (!algo) throw invalidRequest(`unsupported algorithm ${algorithm}`)
  if (format !== 'hex' && format !== 'base64') throw invalidRequest(`unsupported encoding format ${format}; must be "hex" or "base64"`)
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(inputB64)) throw invalidRequest('unable to decode input as base64: illegal base64 data')
  const input = Buffer.from(inputB64, 'base64')
  return { data: { sum: encode(createHash(algo).update(input).digest(), format) } }
}

export const toolsRandomPath = definePath({
  pattern: 'tools/random/:source?/:urlbytes?',
  fields: {
    source: field.string({ doc: 'platform, seal or all.', default: 'platform' }),
    urlbytes: field.string({ doc: 'Bytes, in the path.' }),
    bytes: field.int({ doc: 'Number of bytes.', default: 32 }),
    format: field.string({ doc: 'base64 or hex.', default: 'base64' }),
  },
  operations: {
    update: ({ data }) => {
      let source = data.source
      let bytes = data.bytes
      if (/^\d+$/.test(source)) {
        bytes = Number(source)
        source = 'platform'
      } else if (data.urlbytes !== '') bytes = Number.parseInt(data.urlbytes, 10)
      if (!['platform', 'seal', 'all'].includes(source)) throw invalidRequest(`unsupported entropy source ${JSON.stringify(source)}; must be "platform" or "seal", or "all"`)
      return randomBytesResponse(bytes, data.format)
    },
  },
})

export const toolsHashPath = definePath({
  pattern: 'tools/hash/:urlalgorithm?',
  fields: {
    urlalgorithm: field.string({ doc: 'Algorithm, in the path.' }),
    input: field.string({ doc: 'Base64 input.' }),
    algorithm: field.string({ doc: 'Hash algorithm.', default: 'sha2-256' }),
    format: field.string({ doc: 'hex or base64.', default: 'hex' }),
  },
  operations: {
    update: ({ data }) => hashResponse(data.input, data.urlalgorithm || data.algorithm, data.format),
  },
})

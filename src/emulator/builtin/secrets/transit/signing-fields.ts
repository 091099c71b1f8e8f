/**
 * The request fields sign and verify share, and their validation in Vault's
 * order and wording (hash algorithm, marshaling, salt length).
 */
import { field } from '../../../framework/fields.js'
import { invalidRequest } from '../../../core/errors.js'
import { isHashName } from '../../../framework/hash-names.js'

export const signingFields = {
  name: field.string({ doc: 'Name of the key.' }),
  urlalgorithm: field.string({ doc: 'Hash algorithm, in the path.' }),
  hash_algorithm: field.string({ doc: 'Hash algorithm (sha2-256 by default; `none` with prehashed PKCS#1 v1.5).', default: 'sha2-256' }),
  algorithm: field.string({ doc: 'Deprecated name of hash_algorithm.', default: 'sha2-256' }),
  input: field.string({ doc: 'Base64 input.' }),
  context: field.string({ doc: 'Base64 derivation context (derived ed25519 keys).' }),
  prehashed: field.bool({ doc: 'The input is already a digest.' }),
  signature_algorithm: field.string({ doc: 'RSA: pss (default) or pkcs1v15.' }),
  marshaling_algorithm: field.string({ doc: 'asn1 (default) or jws.', default: 'asn1' }),
  salt_length: field.string({ doc: "RSA-PSS salt: 'auto', 'hash' or a byte count.", default: 'auto' }),
  batch_input: field.raw({ doc: 'List of items.' }),
}

export interface CommonSigning {
  hash: string
  marshaling: 'asn1' | 'jws'
  saltLength: number
}

/** Go's rsa.PSSSaltLengthAuto (0) and PSSSaltLengthEqualsHash (-1), or a count. */
function saltLengthOf(text: string): number {
  const lower = text.toLowerCase()
  if (lower === 'auto') return 0
  if (lower === 'hash') return -1
  if (!/^[+-]?\d+$/.test(lower)) throw invalidRequest(`salt length neither 'auto', 'hash', nor an int: ${text}`)
  const n = Number.parseInt(lower, 10)
  if (n < -1) throw invalidRequest(`salt length is invalid: ${n}`)
  return n
}

export function commonSigning(data: { urlalgorithm: string; hash_algorithm: string; algorithm: string; marshaling_algorithm: string; salt_length: string }): CommonSigning {
  const hash = data.urlalgorithm || data.hash_algorithm || data.algorithm || 'sha2-256'
  if (!isHashName(hash)) throw invalidRequest(`invalid hash algorithm ${JSON.stringify(hash)}`)
  const marshaling = data.marshaling_algorithm
  if (marshaling !== 'asn1' && marshaling !== 'jws') throw invalidRequest(`invalid marshaling type ${JSON.stringify(marshaling)}`)
  return { hash, marshaling, saltLength: saltLengthOf(data.salt_length) }
}

export const NONE_NEEDS_PKCS1 = 'hash_algorithm=none requires both prehashed=true and signature_algorithm=pkcs1v15'

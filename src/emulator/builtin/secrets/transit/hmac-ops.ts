/**
 * HMACs with a key's per-version HMAC key (Vault's path_hmac): generation and
 * the `hmac` form of verify, with their error texts.
 */
import { createHmac, timingSafeEqual } from 'node:crypto'
import type { TransitKey } from './key-record.js'
import { NODE_HASHES } from '../../../framework/hash-names.js'
import { Base64Error, decodeStdBase64 } from './go-base64.js'
import { userError } from './transit-error.js'

/** keysutil `HMACKey`. */
export function hmacKeyOf(key: TransitKey, version: number): Buffer {
  if (version < 0) throw userError('key version does not exist (cannot be negative)')
  if (version > key.latest_version) throw userError(`key version does not exist; latest key version is ${key.latest_version}`)
  const entry = key.versions[String(version)]
  if (!entry) throw userError('no such key version')
  return Buffer.from(entry.hmac_key, 'base64')
}

export function decodeInput(text: string): Buffer {
  try {
    return decodeStdBase64(text)
  } catch (err) {
    throw userError(`unable to decode input as base64: ${err instanceof Base64Error ? err.message : String(err)}`)
  }
}

export function hmacOf(nodeHash: string, hmacKey: Buffer, input: Buffer): Buffer {
  return createHmac(nodeHash, hmacKey).update(input).digest()
}

/** Check a `vault:v<N>:<base64>` HMAC of `input`. */
export function verifyHmac(key: TransitKey, hash: string, input: Buffer, given: string): boolean {
  const nodeHash = NODE_HASHES[hash]
  if (!given.startsWith('vault:v')) throw userError('invalid HMAC to verify: no prefix')
  const rest = given.slice('vault:v'.length)
  const colon = rest.indexOf(':')
  if (colon === -1) throw userError('invalid HMAC: wrong number of fields')
  const digits = rest.slice(0, colon)
  if (!/^[+-]?\d+$/.test(digits)) throw userError('invalid HMAC: version number could not be decoded')
  const version = Number.parseInt(digits, 10)
  let expected: Buffer
  try {
    expected = decodeStdBase64(rest.slice(colon + 1))
  } catch (err) {
    throw userError(`unable to decode verification HMAC as base64: ${err instanceof Error ? err.message : String(err)}`)
  }
  if (version > key.latest_version) throw userError('invalid HMAC: version is too new')
  if (key.min_decryption_version > 0 && version < key.min_decryption_version) throw userError('cannot verify HMAC: version is too old (disallowed by policy)')
  if (!nodeHash) throw userError(`unsupported algorithm ${hash}`)
  const actual = hmacOf(nodeHash, hmacKeyOf(key, version), input)
  return actual.length === expected.length && timingSafeEqual(actual, expected)
}

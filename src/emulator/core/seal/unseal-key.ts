/**
 * Reading an unseal key (or generate-root share) as Vault does: hex first;
 * when that fails or the decoded length is outside the accepted range, standard
 * base64. Length limits: an AES key of 16–32 bytes plus one byte of Shamir x.
 */
import { invalidRequest } from '../errors.js'

export const MIN_KEY_BYTES = 16
export const MAX_KEY_BYTES = 33

const HEX = /^(?:[0-9a-fA-F]{2})*$/
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/

/** Decode a key sent as text; throws Vault's 400 when it is neither hex nor base64. */
export function decodeKeyText(text: string): Uint8Array {
  if (HEX.test(text)) {
    const bytes = Buffer.from(text, 'hex')
    if (bytes.length >= MIN_KEY_BYTES && bytes.length <= MAX_KEY_BYTES) return bytes
  }
  if (!BASE64.test(text)) throw invalidRequest("'key' must be a valid hex or base64 string")
  return Buffer.from(text, 'base64')
}

/** Vault's `ErrInvalidKey` text for a key of the wrong size, or undefined when it fits. */
export function keyLengthProblem(key: Uint8Array): string | undefined {
  if (key.length < MIN_KEY_BYTES) return `invalid key: key is shorter than minimum ${MIN_KEY_BYTES} bytes`
  if (key.length > MAX_KEY_BYTES) return `invalid key: key is longer than maximum ${MAX_KEY_BYTES} bytes`
  return undefined
}

/**
 * Key derivation for `derived` keys, as keysutil does it with its
 * `hkdf_sha256` KDF: HKDF-SHA256 over the version's key, no salt, the
 * request's context as info. AEAD keys take the first N bytes; ed25519 keys
 * take 32 bytes as the seed of a new key pair (Go's ed25519.GenerateKey reads
 * exactly its seed from the reader it is given).
 */
import { hkdfSync } from 'node:crypto'
import { userError } from './transit-error.js'

const MISSING_CONTEXT =
  "missing 'context' for key derivation; the key was created using a derived key, which means additional, per-request information must be included in order to perform operations with the key"

export function hkdfSha256(secret: Buffer, context: Buffer, bytes: number): Buffer {
  if (context.length === 0) throw userError(MISSING_CONTEXT)
  return Buffer.from(hkdfSync('sha256', secret, Buffer.alloc(0), context, bytes))
}

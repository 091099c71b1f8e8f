/**
 * AES-256-GCM as the barrier uses it: `version byte | 12-byte nonce |
 * ciphertext | 16-byte tag`. A wrong key or a changed byte fails with Go's
 * `cipher: message authentication failed`, the text Vault reports.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'

const VERSION = 1
const NONCE_BYTES = 12
const TAG_BYTES = 16

/** Decryption failed: wrong key, or the ciphertext was changed. */
export class MessageAuthenticationError extends Error {
  override name = 'MessageAuthenticationError'
  constructor() {
    super('cipher: message authentication failed')
  }
}

export function encrypt(key: Uint8Array, plaintext: Uint8Array): Buffer {
  const nonce = randomBytes(NONCE_BYTES)
  const cipher = createCipheriv('aes-256-gcm', key, nonce)
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()])
  return Buffer.concat([Buffer.of(VERSION), nonce, body, cipher.getAuthTag()])
}

export function decrypt(key: Uint8Array, blob: Uint8Array): Buffer {
  if (key.length !== 32 || blob.length < 1 + NONCE_BYTES + TAG_BYTES || blob[0] !== VERSION) {
    throw new MessageAuthenticationError()
  }
  const bytes = Buffer.from(blob.buffer, blob.byteOffset, blob.byteLength)
  const nonce = bytes.subarray(1, 1 + NONCE_BYTES)
  const tag = bytes.subarray(bytes.length - TAG_BYTES)
  const decipher = createDecipheriv('aes-256-gcm', key, nonce)
  decipher.setAuthTag(tag)
  try {
    return Buffer.concat([decipher.update(bytes.subarray(1 + NONCE_BYTES, bytes.length - TAG_BYTES)), decipher.final()])
  } catch {
    throw new MessageAuthenticationError()
  }
}

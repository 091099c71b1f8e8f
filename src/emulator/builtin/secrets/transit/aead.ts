/**
 * The symmetric ciphers behind transit's AEAD key types, with Vault's byte
 * layout: `nonce ‖ ciphertext ‖ 16-byte tag` (12-byte nonces; 24 for
 * XChaCha20). Failures carry Go's error texts, which clients see.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'
import type { CipherGCMTypes, CipherChaCha20Poly1305Types } from 'node:crypto'
import type { KeyTypeName } from './key-types.js'
import { hchacha20 } from './hchacha20.js'
import { userError } from './transit-error.js'

const TAG_BYTES = 16

export function nonceSize(type: KeyTypeName): number {
  return type === 'xchacha20-poly1305' ? 24 : 12
}

interface Native {
  algorithm: CipherGCMTypes | CipherChaCha20Poly1305Types
  key: Buffer
  nonce: Buffer
  /** Go's text when the tag does not match. */
  openError: string
}

function native(type: KeyTypeName, key: Buffer, nonce: Buffer): Native {
  switch (type) {
    case 'aes128-gcm96':
      return { algorithm: 'aes-128-gcm', key, nonce, openError: 'cipher: message authentication failed' }
    case 'aes256-gcm96':
      return { algorithm: 'aes-256-gcm', key, nonce, openError: 'cipher: message authentication failed' }
    case 'chacha20-poly1305':
      return { algorithm: 'chacha20-poly1305', key, nonce, openError: 'chacha20poly1305: message authentication failed' }
    case 'xchacha20-poly1305':
      // XChaCha20: subkey from the first 16 nonce bytes, ChaCha20 nonce = 4 zero bytes ‖ the last 8.
      return {
        algorithm: 'chacha20-poly1305',
        key: hchacha20(key, nonce.subarray(0, 16)),
        nonce: Buffer.concat([Buffer.alloc(4), nonce.subarray(16, 24)]),
        openError: 'chacha20poly1305: message authentication failed',
      }
    default:
      throw new Error(`not an AEAD key type: ${type}`)
  }
}

/** Encrypt; a random nonce unless one is given (convergent encryption). */
export function sealAead(type: KeyTypeName, key: Buffer, plaintext: Buffer, aad: Buffer | undefined, nonce?: Buffer): Buffer {
  const n = nonce ?? randomBytes(nonceSize(type))
  const c = native(type, key, n)
  const cipher = c.algorithm === 'chacha20-poly1305'
    ? createCipheriv(c.algorithm, c.key, c.nonce, { authTagLength: TAG_BYTES })
    : createCipheriv(c.algorithm, c.key, c.nonce, { authTagLength: TAG_BYTES })
  if (aad && aad.length > 0) cipher.setAAD(aad, { plaintextLength: plaintext.length })
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()])
  return Buffer.concat([n, body, cipher.getAuthTag()])
}

/** Decrypt `nonce ‖ ciphertext ‖ tag`; throws a user error with Go's text on any mismatch. */
export function openAead(type: KeyTypeName, key: Buffer, sealed: Buffer, aad: Buffer | undefined): Buffer {
  const size = nonceSize(type)
  if (sealed.length < size) throw userError('invalid ciphertext length')
  const c = native(type, key, sealed.subarray(0, size))
  const rest = sealed.subarray(size)
  if (rest.length < TAG_BYTES) throw userError(c.openError)
  const decipher = c.algorithm === 'chacha20-poly1305'
    ? createDecipheriv(c.algorithm, c.key, c.nonce, { authTagLength: TAG_BYTES })
    : createDecipheriv(c.algorithm, c.key, c.nonce, { authTagLength: TAG_BYTES })
  decipher.setAuthTag(rest.subarray(rest.length - TAG_BYTES))
  if (aad && aad.length > 0) decipher.setAAD(aad, { plaintextLength: rest.length - TAG_BYTES })
  try {
    return Buffer.concat([decipher.update(rest.subarray(0, rest.length - TAG_BYTES)), decipher.final()])
  } catch {
    throw userError(c.openError)
  }
}

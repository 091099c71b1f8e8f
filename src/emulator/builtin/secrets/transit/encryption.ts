/**
 * Encrypt and decrypt with a transit key (keysutil `EncryptWithFactory` /
 * `DecryptWithFactory`): AEAD types, optionally derived per context and
 * convergent; RSA types with OAEP-SHA256. Ciphertext is
 * `vault:v<version>:<base64(nonce ‖ ciphertext ‖ tag)>`.
 */
import { constants, createHmac, privateDecrypt, publicEncrypt } from 'node:crypto'
import type { TransitKey } from './key-record.js'
import { KEY_TYPES } from './key-types.js'
import type { KeyObjectCache } from './key-objects.js'
import { nonceSize, openAead, sealAead } from './aead.js'
import { hkdfSha256 } from './derive.js'
import { Base64Error, decodeStdBase64 } from './go-base64.js'
import { ERR_TOO_OLD, transitInternal, userError } from './transit-error.js'
import { entryOf, parseVersioned, prefixFor, versionForWrite } from './versions.js'

export interface CipherInput {
  /** Derivation context (decoded); empty when none. */
  context: Buffer
  /** AEAD associated data (decoded), if any. */
  aad?: Buffer | undefined
}

const CONVERGENT_HMAC_BYTES = 32

/** keysutil `GetKey`: the version's key, or the one derived for `context`. */
export function symmetricKey(key: TransitKey, version: number, context: Buffer, bytes: number): Buffer {
  if (!key.derived) return Buffer.from(entryOf(key, version).key, 'base64')
  if (version <= 0 || version > key.latest_version) throw userError('invalid key version')
  return hkdfSha256(Buffer.from(entryOf(key, version).key, 'base64'), context, bytes)
}

/** Encrypt base64 `plaintext` with `version` (0: latest). */
export function encryptValue(key: TransitKey, requested: number, plaintextB64: string, input: CipherInput, objects: KeyObjectCache): string {
  const spec = KEY_TYPES[key.type]
  if (!spec.encryption) throw userError(`message encryption not supported for key type ${key.type}`)
  let plaintext: Buffer
  try {
    plaintext = decodeStdBase64(plaintextB64)
  } catch (err) {
    throw userError(err instanceof Base64Error ? err.message : String(err))
  }
  const version = versionForWrite(key, requested, 'encryption')
  let sealed: Buffer
  if (spec.family === 'aead') {
    const encBytes = spec.aeadKeyBytes ?? 32
    if (key.convergent_encryption) {
      // Convergent (version 3): key and nonce-HMAC key both derived; nonce = HMAC(plaintext).
      const both = symmetricKey(key, version, input.context, encBytes + CONVERGENT_HMAC_BYTES)
      const nonce = createHmac('sha256', both.subarray(encBytes)).update(plaintext).digest().subarray(0, nonceSize(key.type))
      sealed = sealAead(key.type, both.subarray(0, encBytes), plaintext, input.aad, nonce)
    } else {
      sealed = sealAead(key.type, symmetricKey(key, version, input.context, encBytes), plaintext, input.aad)
    }
  } else {
    const pub = objects.publicFromPkcs8(entryOf(key, version).key)
    try {
      sealed = publicEncrypt({ key: pub, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, plaintext)
    } catch {
      throw transitInternal('failed to RSA encrypt the plaintext: crypto/rsa: message too long for RSA key size')
    }
  }
  return prefixFor(version) + sealed.toString('base64')
}

/** Decrypt a `vault:v<N>:` ciphertext to base64 plaintext. */
export function decryptValue(key: TransitKey, value: string, input: CipherInput, objects: KeyObjectCache): string {
  const spec = KEY_TYPES[key.type]
  if (!spec.encryption) throw userError(`message decryption not supported for key type ${key.type}`)
  const parsed = parseVersioned(value, 'ciphertext')
  // Version 0 is the first implementation's numbering.
  const version = parsed.version === 0 ? 1 : parsed.version
  if (version > key.latest_version) throw userError('invalid ciphertext: version is too new')
  if (key.min_decryption_version > 0 && version < key.min_decryption_version) throw userError(ERR_TOO_OLD)
  let sealed: Buffer
  try {
    sealed = decodeStdBase64(parsed.body)
  } catch {
    throw userError('invalid ciphertext: could not decode base64')
  }
  if (spec.family === 'aead') {
    const encKey = symmetricKey(key, version, input.context, spec.aeadKeyBytes ?? 32)
    return openAead(key.type, encKey, sealed, input.aad).toString('base64')
  }
  const priv = objects.privateFromPkcs8(entryOf(key, version).key)
  try {
    return privateDecrypt({ key: priv, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, sealed).toString('base64')
  } catch {
    throw transitInternal('failed to RSA decrypt the ciphertext: crypto/rsa: decryption error')
  }
}

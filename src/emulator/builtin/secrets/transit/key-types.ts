/**
 * Transit key types and what each can do (Vault's keysutil `KeyType`
 * capability switches): one table, so that a path asks `spec.signing`
 * instead of listing types.
 */

export type KeyTypeName =
  | 'aes128-gcm96'
  | 'aes256-gcm96'
  | 'chacha20-poly1305'
  | 'xchacha20-poly1305'
  | 'ed25519'
  | 'ecdsa-p256'
  | 'ecdsa-p384'
  | 'ecdsa-p521'
  | 'rsa-2048'
  | 'rsa-3072'
  | 'rsa-4096'
  | 'hmac'

export type KeyFamily = 'aead' | 'ed25519' | 'ecdsa' | 'rsa' | 'hmac'

export interface KeyTypeSpec {
  readonly family: KeyFamily
  /** Symmetric key bytes (AEAD), RSA modulus bits, or the EC curve. */
  readonly aeadKeyBytes?: number
  readonly rsaBits?: number
  readonly curve?: 'P-256' | 'P-384' | 'P-521'
  readonly encryption: boolean
  readonly signing: boolean
  readonly derivation: boolean
  readonly associatedData: boolean
}

const aead = (bytes: number): KeyTypeSpec => ({
  family: 'aead',
  aeadKeyBytes: bytes,
  encryption: true,
  signing: false,
  derivation: true,
  associatedData: true,
})
const ecdsa = (curve: 'P-256' | 'P-384' | 'P-521'): KeyTypeSpec => ({
  family: 'ecdsa',
  curve,
  encryption: false,
  signing: true,
  derivation: false,
  associatedData: false,
})
const rsa = (bits: number): KeyTypeSpec => ({
  family: 'rsa',
  rsaBits: bits,
  encryption: true,
  signing: true,
  derivation: false,
  associatedData: false,
})

export const KEY_TYPES: Readonly<Record<KeyTypeName, KeyTypeSpec>> = {
  'aes128-gcm96': aead(16),
  'aes256-gcm96': aead(32),
  'chacha20-poly1305': aead(32),
  'xchacha20-poly1305': aead(32),
  ed25519: { family: 'ed25519', encryption: false, signing: true, derivation: true, associatedData: false },
  'ecdsa-p256': ecdsa('P-256'),
  'ecdsa-p384': ecdsa('P-384'),
  'ecdsa-p521': ecdsa('P-521'),
  'rsa-2048': rsa(2048),
  'rsa-3072': rsa(3072),
  'rsa-4096': rsa(4096),
  hmac: { family: 'hmac', encryption: false, signing: false, derivation: false, associatedData: false },
}

export function isKeyType(name: string): name is KeyTypeName {
  return Object.hasOwn(KEY_TYPES, name)
}

/** HMAC-type key sizes Vault accepts, in bytes. */
export const HMAC_MIN_KEY_SIZE = 32
export const HMAC_MAX_KEY_SIZE = 512

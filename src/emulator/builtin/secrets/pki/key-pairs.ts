/**
 * PKI key pairs: Vault's key types and sizes (`rsa` 2048/3072/4096/8192, `ec`
 * 224/256/384/521, `ed25519`), generated with Node's native crypto (RSA off
 * the event loop), the PEM layouts Vault answers with, and the WebCrypto
 * views `@peculiar/x509` signs with.
 */
import { createPublicKey, generateKeyPair, generateKeyPairSync } from 'node:crypto'
import type { KeyObject, webcrypto } from 'node:crypto'

export type PkiKeyType = 'rsa' | 'ec' | 'ed25519'

const CURVES: Record<number, string> = { 224: 'P-224', 256: 'P-256', 384: 'P-384', 521: 'P-521' }
const DEFAULT_BITS: Record<string, number> = { rsa: 2048, ec: 256 }

/** certutil `DefaultOrValueKeyBits`. */
export function keyBitsOrDefault(type: string, bits: number): number {
  return bits === 0 ? (DEFAULT_BITS[type] ?? 0) : bits
}

/** certutil `ValidateKeyTypeLength`: the error text, or undefined when fine. */
export function keyTypeLengthError(type: string, bits: number): string | undefined {
  switch (type) {
    case 'rsa':
      if (bits < 2048) return `RSA keys < 2048 bits are unsafe and not supported: got ${bits}`
      return [2048, 3072, 4096, 8192].includes(bits) ? undefined : `unsupported bit length for RSA key: ${bits}`
    case 'ec':
      return CURVES[bits] ? undefined : `unsupported bit length for EC key: ${bits}`
    case 'any':
    case 'ed25519':
      return undefined
    default:
      return `unknown key type ${type}`
  }
}

export interface KeyPair {
  privateKey: KeyObject
  publicKey: KeyObject
}

export function generateKeys(type: PkiKeyType, bits: number): Promise<KeyPair> {
  if (type === 'ec') return Promise.resolve(generateKeyPairSync('ec', { namedCurve: CURVES[bits] ?? 'P-256' }))
  if (type === 'ed25519') return Promise.resolve(generateKeyPairSync('ed25519'))
  return new Promise((resolve, reject) => {
    generateKeyPair('rsa', { modulusLength: bits, publicExponent: 0x10001 }, (err, publicKey, privateKey) =>
      err ? reject(err) : resolve({ privateKey, publicKey }),
    )
  })
}

/** Vault's type name for a key (`rsa`, `ec`, `ed25519`). */
export function keyTypeOf(key: KeyObject): PkiKeyType {
  const type = key.asymmetricKeyType
  if (type === 'rsa' || type === 'ed25519') return type
  if (type === 'ec') return 'ec'
  throw new Error(`unsupported key type ${String(type)}`)
}

/** Key size in bits as Vault counts it (0 for ed25519). */
export function keyBitsOf(key: KeyObject): number {
  const details = key.asymmetricKeyDetails
  if (key.asymmetricKeyType === 'rsa') return details?.modulusLength ?? 0
  if (key.asymmetricKeyType === 'ec') return ({ prime256v1: 256, secp384r1: 384, secp521r1: 521, secp224r1: 224 } as Record<string, number>)[details?.namedCurve ?? ''] ?? 0
  return 0
}

/**
 * The private key as Vault shows it: PKCS#1 (`RSA PRIVATE KEY`), SEC1
 * (`EC PRIVATE KEY`) or PKCS#8 for ed25519; PKCS#8 for all with
 * `private_key_format=pkcs8`. Trailing newline trimmed, as Vault's bundles do.
 */
export function privateKeyPem(key: KeyObject, pkcs8 = false): string {
  const type = keyTypeOf(key)
  const format = pkcs8 || type === 'ed25519' ? 'pkcs8' : type === 'rsa' ? 'pkcs1' : 'sec1'
  return key.export({ format: 'pem', type: format }).toString().trim()
}

/** Stored form of a private key: PKCS#8 PEM. */
export function storedKeyPem(key: KeyObject): string {
  return key.export({ format: 'pem', type: 'pkcs8' }).toString()
}

export function spkiDer(key: KeyObject): Buffer {
  return (key.type === 'private' ? createPublicKey(key) : key).export({ format: 'der', type: 'spki' })
}

/** The signature algorithm an issuer's key signs with (SHA-256 for RSA unless told; the curve's hash for EC, as Go selects it). */
export function signingAlgorithm(key: KeyObject, signatureBits: number): webcrypto.AlgorithmIdentifier | webcrypto.EcdsaParams | webcrypto.RsaHashedImportParams {
  const type = keyTypeOf(key)
  if (type === 'ed25519') return { name: 'Ed25519' }
  if (type === 'ec') {
    const bits = keyBitsOf(key)
    return { name: 'ECDSA', hash: bits === 384 ? 'SHA-384' : bits === 521 ? 'SHA-512' : 'SHA-256' } as webcrypto.EcdsaParams
  }
  const hash = signatureBits === 384 ? 'SHA-384' : signatureBits === 512 ? 'SHA-512' : 'SHA-256'
  return { name: 'RSASSA-PKCS1-v1_5', hash } as webcrypto.RsaHashedImportParams
}

/** The WebCrypto import algorithm for `key`, matching {@link signingAlgorithm}. */
function importAlgorithm(key: KeyObject, signatureBits: number): webcrypto.AlgorithmIdentifier | webcrypto.EcKeyImportParams | webcrypto.RsaHashedImportParams {
  const type = keyTypeOf(key)
  if (type === 'ed25519') return { name: 'Ed25519' }
  if (type === 'ec') return { name: 'ECDSA', namedCurve: ({ 256: 'P-256', 384: 'P-384', 521: 'P-521', 224: 'P-224' } as Record<number, string>)[keyBitsOf(key)] ?? 'P-256' }
  return { name: 'RSASSA-PKCS1-v1_5', hash: (signingAlgorithm(key, signatureBits) as webcrypto.RsaHashedImportParams).hash }
}

/** A WebCrypto signing key for a private key. */
export function signingCryptoKey(key: KeyObject, signatureBits: number): Promise<webcrypto.CryptoKey> {
  return Promise.resolve(key.toCryptoKey(importAlgorithm(key, signatureBits), false, ['sign']))
}

/** A WebCrypto verifying key for a public key (CSR generation needs the pair). */
export function verifyingCryptoKey(key: KeyObject, signatureBits: number): webcrypto.CryptoKey {
  return key.toCryptoKey(importAlgorithm(key, signatureBits), true, ['verify'])
}

/**
 * Fresh key material for a new version (keysutil `RotateInMemory`): every
 * version also gets its own 256-bit HMAC key. Generation uses Node's native
 * crypto; RSA runs off the event loop.
 */
import { generateKeyPair, generateKeyPairSync, randomBytes } from 'node:crypto'
import type { KeyObject } from 'node:crypto'
import { KEY_TYPES } from './key-types.js'
import type { KeyTypeName } from './key-types.js'
import type { KeyVersion } from './key-record.js'
import { transitInternal } from './transit-error.js'
import { HMAC_MAX_KEY_SIZE, HMAC_MIN_KEY_SIZE } from './key-types.js'

function generateRsa(bits: number): Promise<KeyObject> {
  return new Promise((resolve, reject) => {
    generateKeyPair('rsa', { modulusLength: bits, publicExponent: 0x10001 }, (err, _publicKey, privateKey) => (err ? reject(err) : resolve(privateKey)))
  })
}

function pkcs8(key: KeyObject): string {
  return key.export({ format: 'der', type: 'pkcs8' }).toString('base64')
}

/** Material for one new version of a key of `type`, created at `nowMs`. */
export async function generateVersion(type: KeyTypeName, keySize: number, nowMs: number): Promise<KeyVersion> {
  const spec = KEY_TYPES[type]
  const hmacKey = randomBytes(32)
  const base = { hmac_key: hmacKey.toString('base64'), creation_ms: nowMs }
  switch (spec.family) {
    case 'aead':
      return { ...base, key: randomBytes(spec.aeadKeyBytes ?? 32).toString('base64'), public_key: '' }
    case 'hmac': {
      if (keySize < HMAC_MIN_KEY_SIZE || keySize > HMAC_MAX_KEY_SIZE) {
        throw transitInternal(`invalid key size for HMAC key, must be between ${HMAC_MIN_KEY_SIZE} and ${HMAC_MAX_KEY_SIZE} bytes`)
      }
      // An `hmac` key's HMAC key is its key (Vault keeps the two equal).
      const key = randomBytes(keySize).toString('base64')
      return { ...base, key, hmac_key: key, public_key: '' }
    }
    case 'ed25519': {
      const { privateKey } = generateKeyPairSync('ed25519')
      const jwk = privateKey.export({ format: 'jwk' })
      const seed = Buffer.from(jwk.d ?? '', 'base64url')
      const pub = Buffer.from(jwk.x ?? '', 'base64url')
      return { ...base, key: Buffer.concat([seed, pub]).toString('base64'), public_key: pub.toString('base64') }
    }
    case 'ecdsa': {
      const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: spec.curve ?? 'P-256' })
      return { ...base, key: pkcs8(privateKey), public_key: publicKey.export({ format: 'pem', type: 'spki' }).toString() }
    }
    case 'rsa': {
      const privateKey = await generateRsa(spec.rsaBits ?? 2048)
      return { ...base, key: pkcs8(privateKey), public_key: '' }
    }
  }
}

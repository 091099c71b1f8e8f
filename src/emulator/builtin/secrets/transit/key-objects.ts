/**
 * Node `KeyObject`s for stored key material, parsed once: DER parsing on every
 * sign or verify would dominate the cost. The cache is content-addressed (the
 * stored text is the key), so it can never serve stale material; it belongs to
 * one mount's engine and is bounded.
 */
import { createPrivateKey, createPublicKey } from 'node:crypto'
import type { KeyObject } from 'node:crypto'

/** DER prefix of a PKCS#8 ed25519 private key, followed by the 32-byte seed (RFC 8410). */
const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex')
/** DER prefix of an SPKI ed25519 public key, followed by the 32 raw bytes. */
const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex')

const MAX_ENTRIES = 1024

export class KeyObjectCache {
  readonly #entries = new Map<string, KeyObject>()

  /** A private key from PKCS#8 DER (base64). */
  privateFromPkcs8(der: string): KeyObject {
    return this.#memo(`pkcs8:${der}`, () => createPrivateKey({ key: Buffer.from(der, 'base64'), format: 'der', type: 'pkcs8' }))
  }

  /** The public half of a PKCS#8 key. */
  publicFromPkcs8(der: string): KeyObject {
    return this.#memo(`pub:${der}`, () => createPublicKey(this.privateFromPkcs8(der)))
  }

  /** An ed25519 private key from its 32-byte seed. */
  ed25519Private(seed: Buffer): KeyObject {
    return this.#memo(`ed-priv:${seed.toString('base64')}`, () =>
      createPrivateKey({ key: Buffer.concat([ED25519_PKCS8_PREFIX, seed]), format: 'der', type: 'pkcs8' }),
    )
  }

  /** An ed25519 public key from its 32 raw bytes. */
  ed25519Public(raw: Buffer): KeyObject {
    return this.#memo(`ed-pub:${raw.toString('base64')}`, () =>
      createPublicKey({ key: Buffer.concat([ED25519_SPKI_PREFIX, raw]), format: 'der', type: 'spki' }),
    )
  }

  #memo(id: string, make: () => KeyObject): KeyObject {
    let value = this.#entries.get(id)
    if (value === undefined) {
      value = make()
      if (this.#entries.size >= MAX_ENTRIES) this.#entries.clear()
      this.#entries.set(id, value)
    }
    return value
  }
}

/** The raw 32-byte public key of an ed25519 key object. */
export function ed25519RawPublic(key: KeyObject): Buffer {
  const jwk = key.export({ format: 'jwk' })
  return Buffer.from(jwk.x ?? '', 'base64url')
}

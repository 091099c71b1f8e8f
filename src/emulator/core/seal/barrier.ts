/**
 * The keys of the security barrier, held only while unsealed (Vault's
 * shape): a random keyring key encrypts the state; the keyring is stored
 * encrypted under the root key; the root key exists outside memory only as
 * Shamir shares (or, in dev mode, in the state file header).
 */
import { randomBytes } from 'node:crypto'
import { decrypt, encrypt } from './aes-gcm.js'

export interface NewKeys {
  rootKey: Buffer
  keyring: Buffer
  /** The keyring under the root key: what storage keeps. */
  encryptedKeyring: Buffer
}

export class Barrier {
  #rootKey: Buffer | undefined
  #keyring: Buffer | undefined

  /** Fresh root key and keyring. */
  static generate(): NewKeys {
    const rootKey = randomBytes(32)
    const keyring = randomBytes(32)
    return { rootKey, keyring, encryptedKeyring: encrypt(rootKey, keyring) }
  }

  /** The keyring, if `rootKey` is the right one; throws MessageAuthenticationError otherwise. */
  static openKeyring(rootKey: Uint8Array, encryptedKeyring: Uint8Array): Buffer {
    return decrypt(rootKey, encryptedKeyring)
  }

  get unlocked(): boolean {
    return this.#keyring !== undefined
  }

  unlock(rootKey: Uint8Array, keyring: Uint8Array): void {
    this.#rootKey = Buffer.from(rootKey)
    this.#keyring = Buffer.from(keyring)
  }

  /** Forget the keys (sealing). */
  lock(): void {
    this.#rootKey?.fill(0)
    this.#keyring?.fill(0)
    this.#rootKey = undefined
    this.#keyring = undefined
  }

  /** The root key while unlocked (dev mode writes it to the state file header). */
  get rootKey(): Buffer {
    if (!this.#rootKey) throw new Error('[vault-emu] the barrier is sealed')
    return this.#rootKey
  }

  encryptState(plaintext: Uint8Array): Buffer {
    if (!this.#keyring) throw new Error('[vault-emu] the barrier is sealed')
    return encrypt(this.#keyring, plaintext)
  }

  /** Encrypt under the root key (a snapshot's `SHA256SUMS.sealed`). */
  sealWithRootKey(plaintext: Uint8Array): Buffer {
    return encrypt(this.rootKey, plaintext)
  }

  /** Undefined when `blob` was not sealed with this root key. */
  openWithRootKey(blob: Uint8Array): Buffer | undefined {
    try {
      return decrypt(this.rootKey, blob)
    } catch {
      return undefined
    }
  }
}

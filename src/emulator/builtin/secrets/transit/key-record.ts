/**
 * What one transit key (Vault's keysutil "policy") looks like in storage, and
 * where it lives: `policy/<name>`, as in Vault.
 */
import type { Storage } from '../../../core/storage.js'
import type { KeyTypeName } from './key-types.js'

export interface KeyVersion {
  /**
   * The secret, base64: raw bytes for AEAD and `hmac` keys; for ed25519 the
   * 64 bytes Go keeps (seed ‖ public key); PKCS#8 DER for ECDSA and RSA.
   */
  key: string
  /** The version's own HMAC key (every type has one), base64. */
  hmac_key: string
  /** Creation time, epoch ms on the core clock. */
  creation_ms: number
  /** ECDSA: PEM SPKI; ed25519: base64 of the raw public key; RSA: empty (made on read). */
  public_key: string
}

export interface TransitKey {
  name: string
  type: KeyTypeName
  derived: boolean
  convergent_encryption: boolean
  exportable: boolean
  allow_plaintext_backup: boolean
  deletion_allowed: boolean
  min_decryption_version: number
  min_encryption_version: number
  min_available_version: number
  latest_version: number
  /** Seconds; 0 disables automatic rotation. */
  auto_rotate_period: number
  /** Bytes, for `hmac` keys only (0 otherwise). */
  key_size: number
  /** Version number (as text) → material; versions below `min_available_version` are gone. */
  versions: Record<string, KeyVersion>
  backup_info?: { time: string; version: number }
  restore_info?: { time: string; version: number }
}

const PREFIX = 'policy/'

export const keyRecords = {
  get(storage: Storage, name: string): TransitKey | undefined {
    return storage.get<TransitKey>(PREFIX + name)
  },
  put(storage: Storage, key: TransitKey): void {
    storage.put(PREFIX + key.name, key)
  },
  delete(storage: Storage, name: string): void {
    storage.delete(PREFIX + name)
  },
  list(storage: Storage): string[] {
    return storage.list(PREFIX).filter((n) => !n.endsWith('/'))
  },
}

/** The material of one version, or a user error as keysutil words it. */
export function versionOf(key: TransitKey, version: number): KeyVersion | undefined {
  return key.versions[String(version)]
}

/**
 * A key as `GET transit/keys/<name>` shows it (Vault's `formatKeyPolicy`):
 * settings, what the type supports, and per version either the creation time
 * (symmetric) or the public key (asymmetric). Versions below
 * `min_decryption_version` are not listed: Vault keeps them in its archive.
 */
import { rfc3339 } from '../../../framework/time-format.js'
import type { KeyVersion, TransitKey } from './key-record.js'
import { KEY_TYPES } from './key-types.js'
import type { KeyObjectCache } from './key-objects.js'
import { ed25519RawPublic } from './key-objects.js'
import { hkdfSha256 } from './derive.js'

const CURVE_NAMES: Record<string, string> = { 'ecdsa-p256': 'P-256', 'ecdsa-p384': 'P-384', 'ecdsa-p521': 'P-521' }

/** Versions Vault keeps in the policy itself, ascending. */
export function liveVersions(key: TransitKey): [number, KeyVersion][] {
  return Object.entries(key.versions)
    .map(([v, entry]): [number, KeyVersion] => [Number(v), entry])
    .filter(([v]) => v >= key.min_decryption_version)
    .sort(([a], [b]) => a - b)
}

function sorted(data: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(data).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
}

function publicKeyText(key: TransitKey, entry: KeyVersion, context: Buffer | undefined, objects: KeyObjectCache): string {
  const family = KEY_TYPES[key.type].family
  if (family === 'rsa') return objects.publicFromPkcs8(entry.key).export({ format: 'pem', type: 'spki' }).toString()
  if (family === 'ed25519' && key.derived) {
    if (!context || context.length === 0) return ''
    const seed = hkdfSha256(Buffer.from(entry.key, 'base64'), context, 32)
    return ed25519RawPublic(objects.ed25519Private(seed)).toString('base64')
  }
  return entry.public_key
}

export function formatKey(key: TransitKey, objects: KeyObjectCache, context?: Buffer): Record<string, unknown> {
  const spec = KEY_TYPES[key.type]
  const data: Record<string, unknown> = {
    name: key.name,
    type: key.type,
    derived: key.derived,
    deletion_allowed: key.deletion_allowed,
    min_available_version: key.min_available_version,
    min_decryption_version: key.min_decryption_version,
    min_encryption_version: key.min_encryption_version,
    latest_version: key.latest_version,
    exportable: key.exportable,
    allow_plaintext_backup: key.allow_plaintext_backup,
    supports_encryption: spec.encryption,
    supports_decryption: spec.encryption,
    supports_signing: spec.signing,
    supports_derivation: spec.derivation,
    auto_rotate_period: key.auto_rotate_period,
    imported_key: false,
  }
  if (key.key_size !== 0) data['key_size'] = key.key_size
  if (key.backup_info) data['backup_info'] = key.backup_info
  if (key.restore_info) data['restore_info'] = key.restore_info
  if (key.derived) {
    data['kdf'] = 'hkdf_sha256'
    data['convergent_encryption'] = key.convergent_encryption
    // Vault shows the policy's own convergent version, which new keys leave at -1.
    if (key.convergent_encryption) data['convergent_encryption_version'] = -1
  }
  if (spec.family === 'aead') {
    data['keys'] = Object.fromEntries(liveVersions(key).map(([v, entry]) => [String(v), Math.floor(entry.creation_ms / 1000)]))
  } else if (spec.family !== 'hmac') {
    const name = spec.family === 'ed25519' ? 'ed25519' : spec.family === 'rsa' ? key.type : CURVE_NAMES[key.type]
    data['keys'] = Object.fromEntries(
      liveVersions(key).map(([v, entry]) => [
        String(v),
        {
          certificate_chain: '',
          creation_time: rfc3339(entry.creation_ms),
          name,
          public_key: publicKeyText(key, entry, context, objects),
        },
      ]),
    )
  }
  return sorted(data)
}

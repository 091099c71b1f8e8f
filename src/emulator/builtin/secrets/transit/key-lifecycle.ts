/**
 * Creating and rotating keys (keysutil `GetPolicy` with upsert, `Rotate`),
 * serialised per name. Errors Vault raises as plain Go errors (500) are
 * internal here.
 */
import type { TransitEngine } from './engine.js'
import { keyRecords } from './key-record.js'
import type { TransitKey } from './key-record.js'
import { KEY_TYPES } from './key-types.js'
import type { KeyTypeName } from './key-types.js'
import { generateVersion } from './key-material.js'
import { transitInternal } from './transit-error.js'

export interface NewKeyOptions {
  name: string
  type: KeyTypeName
  derived: boolean
  convergent: boolean
  exportable: boolean
  allowPlaintextBackup: boolean
  autoRotatePeriod: number
  keySize: number
}

function checkDerivation(options: NewKeyOptions): void {
  const family = KEY_TYPES[options.type].family
  if (family === 'aead') {
    if (options.convergent && !options.derived) throw transitInternal('convergent encryption requires derivation to be enabled')
  } else if (family === 'ed25519') {
    if (options.convergent) throw transitInternal(`convergent encryption not supported for keys of type ${options.type}`)
  } else if (options.derived || options.convergent) {
    throw transitInternal(`key derivation and convergent encryption not supported for keys of type ${options.type}`)
  }
}

/** The key named `options.name`, created with version 1 unless it exists already. */
export function upsertKey(engine: TransitEngine, options: NewKeyOptions): Promise<{ key: TransitKey; created: boolean }> {
  return engine.locks.run(options.name, async () => {
    const existing = keyRecords.get(engine.storage, options.name)
    if (existing) return { key: existing, created: false }
    checkDerivation(options)
    const first = await generateVersion(options.type, options.keySize, engine.clock.now())
    const key: TransitKey = {
      name: options.name,
      type: options.type,
      derived: options.derived,
      convergent_encryption: options.convergent,
      exportable: options.exportable,
      allow_plaintext_backup: options.allowPlaintextBackup,
      deletion_allowed: false,
      min_decryption_version: 1,
      min_encryption_version: 0,
      min_available_version: 0,
      latest_version: 1,
      auto_rotate_period: options.autoRotatePeriod,
      key_size: options.type === 'hmac' ? options.keySize : 0,
      versions: { '1': first },
    }
    keyRecords.put(engine.storage, key)
    engine.rotation.arm(key)
    return { key, created: true }
  })
}

/** Add version `latest + 1`; undefined when the key does not exist. */
export function rotateKey(engine: TransitEngine, name: string): Promise<TransitKey | undefined> {
  return engine.locks.run(name, async () => {
    const key = keyRecords.get(engine.storage, name)
    if (!key) return undefined
    const next = await generateVersion(key.type, key.key_size, engine.clock.now())
    key.latest_version += 1
    key.versions[String(key.latest_version)] = next
    if (key.min_decryption_version === 0) key.min_decryption_version = 1
    keyRecords.put(engine.storage, key)
    engine.rotation.arm(key)
    return key
  })
}

/** Change a stored key under its lock; `change` returns the key to store, or throws. */
export function updateKey<T>(engine: TransitEngine, name: string, change: (key: TransitKey | undefined) => T): Promise<T> {
  return engine.locks.run(name, () => change(keyRecords.get(engine.storage, name)))
}

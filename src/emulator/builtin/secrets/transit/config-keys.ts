/** The mount-wide `config/keys` settings (stored at `config/keys`, as in Vault). */
import type { Storage } from '../../../core/storage.js'

export interface KeysConfig {
  /** When true, encrypt never creates a missing key. */
  disable_upsert: boolean
}

const KEY = 'config/keys'

export function readKeysConfig(storage: Storage): KeysConfig {
  return storage.get<KeysConfig>(KEY) ?? { disable_upsert: false }
}

export function writeKeysConfig(storage: Storage, config: KeysConfig): void {
  storage.put(KEY, config)
}

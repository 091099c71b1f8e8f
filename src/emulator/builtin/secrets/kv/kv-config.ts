/** The mount-wide settings of a KV v2 engine (`<mount>/config`). */
import type { Storage } from '../../../core/storage.js'

export interface KvConfig {
  /** 0 = not set (the key's setting or 10 applies). */
  max_versions: number
  cas_required: boolean
  /** Seconds; 0 = not set, negative = disabled for every key. */
  delete_version_after: number
}

const CONFIG_KEY = 'config'

export function readConfig(storage: Storage): KvConfig {
  return storage.get<KvConfig>(CONFIG_KEY) ?? { max_versions: 0, cas_required: false, delete_version_after: 0 }
}

export function writeConfig(storage: Storage, config: KvConfig): void {
  storage.put(CONFIG_KEY, config)
}

export function isDeleteVersionAfterDisabled(config: KvConfig): boolean {
  return config.delete_version_after < 0
}

/**
 * A KV mount going from version 1 to 2 (`vault kv enable-versioning`, i.e. a
 * tune of `options.version`): as Vault does, every unversioned key becomes
 * version 1 of a versioned secret, created at the moment of the upgrade, and
 * the unversioned entry goes away. Runs when a v2 backend is instantiated and
 * finds entries outside the v2 layout (`config`, `metadata/`, `versions/`);
 * listing the top level is all it costs a mount that is already v2.
 */
import type { Storage } from '../../../core/storage.js'
import { readConfig } from './kv-config.js'
import { newMetadata } from './metadata-store.js'
import { writeVersion } from './versions.js'

const V2_TOP_LEVEL = new Set(['config', 'metadata/', 'versions/'])

function isV2Key(key: string): boolean {
  return key === 'config' || key.startsWith('metadata/') || key.startsWith('versions/')
}

/** Move unversioned entries into the v2 layout; returns how many keys became versioned secrets. */
export function upgradeFromV1(storage: Storage, nowMs: number): number {
  if (storage.list('').every((entry) => V2_TOP_LEVEL.has(entry))) return 0
  const config = readConfig(storage)
  let upgraded = 0
  for (const key of storage.keys('')) {
    if (isV2Key(key)) continue
    const data = storage.get<unknown>(key)
    storage.delete(key)
    if (data === null || typeof data !== 'object' || Array.isArray(data)) continue
    writeVersion(storage, nowMs, key, newMetadata(nowMs), config, data as Record<string, unknown>)
    upgraded++
  }
  return upgraded
}

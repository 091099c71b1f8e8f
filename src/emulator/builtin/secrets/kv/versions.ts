/**
 * Version bookkeeping shared by `data/` writes, patches and undeletes:
 * check-and-set, the max_versions window and delete_version_after.
 */
import type { Storage } from '../../../core/storage.js'
import { invalidRequest } from '../../../core/errors.js'
import type { KvConfig } from './kv-config.js'
import { isDeleteVersionAfterDisabled } from './kv-config.js'
import type { KeyMetadata, VersionMetadata } from './metadata-store.js'
import { deleteVersionData, readVersionData, versionView, writeMetadata, writeVersionData } from './metadata-store.js'

const DEFAULT_MAX_VERSIONS = 10

/** Go's strconv.ParseInt(text, 0, 64): decimal, 0x/0o/0b prefixes, a leading 0 for octal. */
function parseGoInt(text: string): number | undefined {
  const m = /^([-+]?)(0[xX][0-9a-fA-F]+|0[oObB][0-7]+|0[0-7]*|[1-9][0-9]*)$/.exec(text)
  const body = m?.[2]
  if (!m || body === undefined) return undefined
  if (/^0[bB]/.test(body) && /[2-9]/.test(body.slice(2))) return undefined
  const n = /^0[0-7]+$/.test(body) ? Number.parseInt(body.slice(1), 8) : Number(body)
  return m[1] === '-' ? -n : n
}

/** mapstructure's weak decoding of `options.cas` into an int (JSON numbers must be integers). */
function weakInt(value: unknown): number | undefined {
  if (value === null || value === undefined) return 0
  if (typeof value === 'boolean') return value ? 1 : 0
  if (typeof value === 'number') return Number.isInteger(value) ? value : undefined
  if (typeof value === 'string') return parseGoInt(value === '' ? '0' : value)
  return undefined
}

/**
 * `options.cas` must equal the current version (0: the key must not exist yet);
 * without it a write is refused when the mount or the key requires CAS.
 */
export function checkCas(options: Record<string, unknown> | undefined, config: KvConfig, meta: KeyMetadata): void {
  if (options && 'cas' in options) {
    const cas = weakInt(options['cas'])
    if (cas === undefined) throw invalidRequest('error parsing check-and-set parameter')
    if (cas !== meta.current_version) throw invalidRequest('check-and-set parameter did not match the current version')
  } else if (config.cas_required || meta.cas_required) {
    throw invalidRequest('check-and-set parameter required for this call')
  }
}

/** When a version created at `fromMs` is deleted: the smaller non-zero delete_version_after of mount and key. */
export function deletionTimeFor(fromMs: number, config: KvConfig, meta: KeyMetadata): number | null {
  if (isDeleteVersionAfterDisabled(config)) return null
  const mount = config.delete_version_after
  const key = meta.delete_version_after
  if (mount === 0 && key === 0) return null
  let seconds = key
  if ((mount !== 0 && mount < seconds) || seconds === 0) seconds = mount
  return fromMs + seconds * 1000
}

/**
 * Adds the next version to the metadata and slides the max_versions window;
 * returns the newest version number that fell out of it (0: none).
 */
function addVersion(meta: KeyMetadata, vm: VersionMetadata, configMaxVersions: number): number {
  meta.current_version += 1
  meta.versions[String(meta.current_version)] = vm
  meta.updated_time = vm.created_time
  const max = Math.max(meta.max_versions, configMaxVersions) || DEFAULT_MAX_VERSIONS
  if (meta.current_version - meta.oldest_version < max) return 0
  const last = meta.current_version - max
  for (let v = meta.oldest_version; v <= last; v++) delete meta.versions[String(v)]
  meta.oldest_version = last + 1
  return last
}

/** Data of pruned versions goes too, newest first until one is already gone. */
function pruneData(storage: Storage, key: string, upTo: number): void {
  for (let v = upTo; v > 0; v--) {
    if (readVersionData(storage, key, v) === undefined) break
    deleteVersionData(storage, key, v)
  }
}

/** Stores `data` as the key's next version; returns the body `data/` writes answer with. */
export function writeVersion(
  storage: Storage,
  nowMs: number,
  key: string,
  meta: KeyMetadata,
  config: KvConfig,
  data: Record<string, unknown>,
): Record<string, unknown> {
  const vm: VersionMetadata = { created_time: nowMs, deletion_time: deletionTimeFor(nowMs, config, meta), destroyed: false }
  writeVersionData(storage, key, meta.current_version + 1, data)
  const pruneUpTo = addVersion(meta, vm, config.max_versions)
  writeMetadata(storage, key, meta)
  pruneData(storage, key, pruneUpTo)
  return versionView(meta, meta.current_version, vm)
}

/**
 * Where a KV v2 mount keeps things: one metadata record per key under
 * `metadata/<key>` (so listing metadata lists keys) and each version's data
 * under `versions/<escaped key>/<n>`.
 */
import type { Frozen, Storage } from '../../../core/storage.js'
import { freezeShared } from '../../../core/storage.js'
import { rfc3339 } from '../../../framework/time-format.js'

export interface VersionMetadata {
  /** Epoch ms. */
  created_time: number
  /** Epoch ms; the version reads as deleted from then on. */
  deletion_time: number | null
  destroyed: boolean
}

export interface KeyMetadata {
  created_time: number
  updated_time: number
  current_version: number
  oldest_version: number
  max_versions: number
  cas_required: boolean
  /** Seconds; 0 = not set. */
  delete_version_after: number
  custom_metadata: Record<string, string> | null
  /** Keyed by version number, only versions inside the max_versions window. */
  versions: Record<string, VersionMetadata>
}

const METADATA = 'metadata/'

/**
 * The storage keys of a secret, made once per secret rather than once per
 * request: a read then looks up strings whose hash is already known, instead
 * of escaping, concatenating and hashing new ones. Bounded, as clients pick
 * the keys.
 */
interface StorageKeys {
  metadata: string
  versions: Map<number, string>
}
const storageKeys = new Map<string, StorageKeys>()
const MAX_REMEMBERED_KEYS = 4096
const MAX_REMEMBERED_VERSIONS = 64

function keysOf(key: string): StorageKeys {
  let keys = storageKeys.get(key)
  if (keys === undefined) {
    if (storageKeys.size >= MAX_REMEMBERED_KEYS) storageKeys.clear()
    keys = { metadata: METADATA + key, versions: new Map() }
    storageKeys.set(key, keys)
  }
  return keys
}

function metadataKey(key: string): string {
  return keysOf(key).metadata
}

function versionKey(key: string, version: number): string {
  const versions = keysOf(key).versions
  let storageKey = versions.get(version)
  if (storageKey === undefined) {
    storageKey = `versions/${encodeURIComponent(key)}/${version}`
    if (versions.size < MAX_REMEMBERED_VERSIONS) versions.set(version, storageKey)
  }
  return storageKey
}

export function newMetadata(nowMs: number): KeyMetadata {
  return {
    created_time: nowMs,
    updated_time: nowMs,
    current_version: 0,
    oldest_version: 0,
    max_versions: 0,
    cas_required: false,
    delete_version_after: 0,
    custom_metadata: null,
    versions: {},
  }
}

export function readMetadata(storage: Storage, key: string): KeyMetadata | undefined {
  return storage.get<KeyMetadata>(metadataKey(key))
}

/** The key's metadata, shared and read-only (no parse per read): for reads that only look. */
export function peekMetadata(storage: Storage, key: string): Frozen<KeyMetadata> | undefined {
  return storage.getFrozen<KeyMetadata>(metadataKey(key))
}

export function writeMetadata(storage: Storage, key: string, meta: KeyMetadata): void {
  storage.put(METADATA + key, meta)
}

/** Removes the key's metadata and the data of every version it still lists. */
export function deleteKey(storage: Storage, key: string, meta: KeyMetadata): void {
  for (const version of Object.keys(meta.versions)) storage.delete(versionKey(key, Number(version)))
  storage.delete(METADATA + key)
}

export function listKeys(storage: Storage, prefix: string): string[] {
  return storage.list(METADATA + prefix)
}

export function readVersionData(storage: Storage, key: string, version: number): Record<string, unknown> | undefined {
  return storage.get<Record<string, unknown>>(versionKey(key, version))
}

/** A version's data, shared and read-only: for reads that hand it out unchanged. */
export function peekVersionData(storage: Storage, key: string, version: number): Frozen<Record<string, unknown>> | undefined {
  return storage.getFrozen<Record<string, unknown>>(versionKey(key, version))
}

export function writeVersionData(storage: Storage, key: string, version: number, data: Record<string, unknown>): void {
  storage.put(versionKey(key, version), data)
}

export function deleteVersionData(storage: Storage, key: string, version: number): void {
  storage.delete(versionKey(key, version))
}

/**
 * Deleted once its deletion time is reached. Vault compares strictly, but its
 * clock never stands still; with a frozen clock a soft delete must show at once.
 */
export function isDeleted(vm: Frozen<VersionMetadata>, nowMs: number): boolean {
  return vm.deletion_time !== null && vm.deletion_time <= nowMs
}

/** Read views already made, per shared metadata record (which a write replaces, never changes). */
const sharedViews = new WeakMap<Frozen<KeyMetadata>, Map<number, Frozen<Record<string, unknown>>>>()

/**
 * {@link versionView} of a shared, read-only metadata record, made once per
 * record and version and itself shared read-only: a hot read neither formats
 * its times nor serializes its JSON again.
 */
export function peekVersionView(meta: Frozen<KeyMetadata>, version: number, vm: Frozen<VersionMetadata>): Frozen<Record<string, unknown>> {
  let views = sharedViews.get(meta)
  if (views === undefined) {
    views = new Map()
    sharedViews.set(meta, views)
  }
  let view = views.get(version)
  if (view === undefined) {
    view = freezeShared(versionView(meta, version, vm))
    views.set(version, view)
  }
  return view
}

/** A version as `data/` reads and writes describe it (keys in Go's JSON order). */
export function versionView(meta: Frozen<KeyMetadata>, version: number, vm: Frozen<VersionMetadata>): Record<string, unknown> {
  return {
    created_time: rfc3339(vm.created_time),
    custom_metadata: meta.custom_metadata,
    deletion_time: vm.deletion_time === null ? '' : rfc3339(vm.deletion_time),
    destroyed: vm.destroyed,
    version,
  }
}

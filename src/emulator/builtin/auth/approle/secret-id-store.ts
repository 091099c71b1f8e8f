/**
 * Secret IDs, stored so that a storage dump does not reveal them: the key is
 * an HMAC-SHA256 of the secret ID (and of the role name) under a random
 * per-mount key, the entry holds only properties. Accessors index entries
 * through `accessor/<sha256>` → the secret ID's HMAC.
 *
 * An expired secret ID is treated as gone the moment it expires, and deleted
 * when next touched: Vault's periodic tidy removes it within a minute.
 */
import { createHash, createHmac } from 'node:crypto'
import { internalError } from '../../../core/errors.js'
import { randomBytes } from '../../../core/ids.js'
import type { Storage } from '../../../core/storage.js'

export interface SecretIdEntry {
  secret_id_accessor: string
  /** Remaining uses; 0 = unlimited. */
  secret_id_num_uses: number
  /** As requested, seconds (0 = no expiry); expiry is `expiration_time_ms`. */
  secret_id_ttl: number
  creation_time_ms: number
  /** 0 = never expires. */
  expiration_time_ms: number
  last_updated_time_ms: number
  metadata: Record<string, string>
  cidr_list: string[]
  token_bound_cidrs: string[]
}

export interface FoundSecretId {
  entry: SecretIdEntry
  /** HMAC of the secret ID: the handle to update or delete it. */
  hmac: string
}

const KEY = 'hmac-key'
const SECRET_IDS = 'secret-id/'
const ACCESSORS = 'accessor/'
/** Vault refuses to HMAC longer values. */
const MAX_HMAC_INPUT = 4096

function hmacKey(storage: Storage): Buffer {
  let key = storage.get<string>(KEY)
  if (key === undefined) {
    key = randomBytes(32).toString('hex')
    storage.put(KEY, key)
  }
  return Buffer.from(key, 'hex')
}

function hmac(storage: Storage, value: string, what: string): string {
  if (value.length > MAX_HMAC_INPUT) {
    throw internalError(`failed to create HMAC of ${what}: value is longer than maximum of ${MAX_HMAC_INPUT} bytes`)
  }
  return createHmac('sha256', hmacKey(storage)).update(value).digest('hex')
}

function roleDir(storage: Storage, roleName: string): string {
  return `${SECRET_IDS}${hmac(storage, roleName, 'role_name')}/`
}

function accessorKey(accessor: string): string {
  return ACCESSORS + createHash('sha256').update(accessor).digest('hex')
}

function isExpired(entry: SecretIdEntry, nowMs: number): boolean {
  return entry.expiration_time_ms > 0 && entry.expiration_time_ms <= nowMs
}

function live(storage: Storage, roleName: string, secretIdHmac: string, nowMs: number): SecretIdEntry | undefined {
  const entry = storage.get<SecretIdEntry>(roleDir(storage, roleName) + secretIdHmac)
  if (!entry) return undefined
  if (isExpired(entry, nowMs)) {
    deleteSecretId(storage, roleName, { entry, hmac: secretIdHmac })
    return undefined
  }
  return entry
}

/** Store a new secret ID; false when that secret ID is already registered for the role. */
export function registerSecretId(storage: Storage, roleName: string, secretId: string, entry: SecretIdEntry, nowMs: number): boolean {
  const secretIdHmac = hmac(storage, secretId, 'secret ID')
  if (live(storage, roleName, secretIdHmac, nowMs)) return false
  storage.put(accessorKey(entry.secret_id_accessor), { secret_id_hmac: secretIdHmac })
  storage.put(roleDir(storage, roleName) + secretIdHmac, entry)
  return true
}

export function findSecretId(storage: Storage, roleName: string, secretId: string, nowMs: number): FoundSecretId | undefined {
  const secretIdHmac = hmac(storage, secretId, 'secret_id')
  const entry = live(storage, roleName, secretIdHmac, nowMs)
  return entry ? { entry, hmac: secretIdHmac } : undefined
}

/** `undefined` when the accessor is unknown; `{ entry: undefined }` when it names no live secret ID of this role. */
export function findByAccessor(
  storage: Storage,
  roleName: string,
  accessor: string,
  nowMs: number,
): { found: FoundSecretId | undefined } | undefined {
  const index = storage.get<{ secret_id_hmac: string }>(accessorKey(accessor))
  if (!index) return undefined
  const entry = live(storage, roleName, index.secret_id_hmac, nowMs)
  return { found: entry ? { entry, hmac: index.secret_id_hmac } : undefined }
}

export function updateSecretId(storage: Storage, roleName: string, found: FoundSecretId): void {
  storage.put(roleDir(storage, roleName) + found.hmac, found.entry)
}

export function deleteSecretId(storage: Storage, roleName: string, found: FoundSecretId): void {
  storage.delete(accessorKey(found.entry.secret_id_accessor))
  storage.delete(roleDir(storage, roleName) + found.hmac)
}

/** Accessors of the role's live secret IDs. */
export function listAccessors(storage: Storage, roleName: string, nowMs: number): string[] {
  const dir = roleDir(storage, roleName)
  const out: string[] = []
  for (const secretIdHmac of storage.list(dir)) {
    const entry = live(storage, roleName, secretIdHmac, nowMs)
    if (entry) out.push(entry.secret_id_accessor)
  }
  return out.sort()
}

export function flushRoleSecretIds(storage: Storage, roleName: string): void {
  const dir = roleDir(storage, roleName)
  for (const secretIdHmac of storage.list(dir)) {
    const entry = storage.get<SecretIdEntry>(dir + secretIdHmac)
    if (entry) storage.delete(accessorKey(entry.secret_id_accessor))
    storage.delete(dir + secretIdHmac)
  }
}

/** Delete expired secret IDs and accessors that point nowhere; returns how many entries went. */
export function tidySecretIds(storage: Storage, nowMs: number): number {
  let removed = 0
  const liveHmacs = new Set<string>()
  for (const key of storage.keys(SECRET_IDS)) {
    const entry = storage.get<SecretIdEntry>(SECRET_IDS + key)
    if (!entry) continue
    if (isExpired(entry, nowMs)) {
      storage.delete(SECRET_IDS + key)
      storage.delete(accessorKey(entry.secret_id_accessor))
      removed++
    } else {
      liveHmacs.add(key.slice(key.indexOf('/') + 1))
    }
  }
  for (const key of storage.keys(ACCESSORS)) {
    const index = storage.get<{ secret_id_hmac: string }>(ACCESSORS + key)
    if (!index || !liveHmacs.has(index.secret_id_hmac)) {
      storage.delete(ACCESSORS + key)
      removed++
    }
  }
  return removed
}

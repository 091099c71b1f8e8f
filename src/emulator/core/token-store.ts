/**
 * The token store: creation, lookup (by id and accessor), use counting,
 * renewal and revocation trees. Policies and TTL rules for `auth/token/create`
 * live in the token backend; logins go through {@link TokenStore.create} too.
 */
import type { Clock } from './clock.js'
import type { Storage } from './storage.js'
import { newAccessor, newBatchTokenId, newServiceTokenId } from './token-id.js'
import { randomBytes, uuid } from './ids.js'
import type { AuthBlock } from './request.js'

export type TokenType = 'service' | 'batch'

export interface TokenEntry {
  id: string
  accessor: string
  /** Parent token id; '' for orphans. */
  parent: string
  policies: string[]
  /** Creation path: `auth/token/create`, `auth/approle/login`, `auth/token/root`... */
  path: string
  meta: Record<string, string> | null
  display_name: string
  num_uses: number
  creation_time_ms: number
  /** TTL at creation, seconds (0 = never expires). */
  creation_ttl: number
  explicit_max_ttl: number
  period: number
  renewable: boolean
  type: TokenType
  entity_id: string
  orphan: boolean
  bound_cidrs: string[]
  role: string
  /** Epoch ms of expiry; 0 = never. */
  expire_time_ms: number
  last_renewal_ms: number | null
  /** Private storage space of this token's cubbyhole. */
  cubbyhole_id: string
  /** Max TTL (seconds) of the mount that issued it; caps renewals from issue time. */
  mount_max_ttl: number
  /**
   * TTL (seconds) granted by the creation or the last renewal: Vault renews
   * by this when the client gives no increment. Absent on older entries.
   */
  lease_ttl?: number
}

export interface CreateTokenParams {
  id?: string
  parent?: TokenEntry | undefined
  policies: string[]
  path: string
  meta?: Record<string, string> | null
  displayName: string
  numUses?: number
  ttl: number
  explicitMaxTtl?: number
  period?: number
  renewable?: boolean
  type?: TokenType
  entityId?: string
  boundCidrs?: string[]
  role?: string
  mountMaxTtl: number
}

const ID = 'id/'
const ACCESSOR = 'accessor/'
const PARENT = 'parent/'

export type TokenRevokeListener = (entry: TokenEntry) => Promise<void> | void

export class TokenStore {
  readonly #storage: Storage
  readonly #clock: Clock
  readonly #hmacKey = randomBytes(32)
  #revokeListeners: TokenRevokeListener[] = []
  /** Parsed entries by id: token lookups run on every request. */
  readonly #cache = new Map<string, TokenEntry>()

  constructor(storage: Storage, clock: Clock) {
    this.#storage = storage
    this.#clock = clock
  }

  /** Called for each token as it is revoked (cubbyhole cleanup, lease revocation). */
  onRevoke(listener: TokenRevokeListener): void {
    this.#revokeListeners.push(listener)
  }

  create(params: CreateTokenParams): TokenEntry {
    const type = params.type ?? 'service'
    const now = this.#clock.now()
    const id = params.id ?? (type === 'batch' ? newBatchTokenId() : newServiceTokenId(this.#hmacKey))
    const entry: TokenEntry = {
      id,
      accessor: type === 'batch' ? '' : newAccessor(),
      parent: params.parent?.id ?? '',
      policies: params.policies,
      path: params.path,
      meta: params.meta ?? null,
      display_name: params.displayName,
      num_uses: params.numUses ?? 0,
      creation_time_ms: now,
      creation_ttl: params.ttl,
      explicit_max_ttl: params.explicitMaxTtl ?? 0,
      period: params.period ?? 0,
      renewable: type === 'batch' ? false : (params.renewable ?? true) && params.ttl > 0,
      type,
      entity_id: params.entityId ?? '',
      orphan: !params.parent,
      bound_cidrs: params.boundCidrs ?? [],
      role: params.role ?? '',
      expire_time_ms: params.ttl > 0 ? now + params.ttl * 1000 : 0,
      last_renewal_ms: null,
      cubbyhole_id: uuid(),
      mount_max_ttl: params.mountMaxTtl,
      lease_ttl: params.ttl,
    }
    this.#save(entry)
    if (entry.accessor) this.#storage.put(ACCESSOR + entry.accessor, entry.id)
    if (entry.parent) this.#storage.put(`${PARENT}${entry.parent}/${entry.id}`, true)
    this.#scheduleExpiry(entry)
    return entry
  }

  /** A valid token, or undefined when it is unknown, revoked or expired. */
  lookup(id: string): TokenEntry | undefined {
    if (id === '') return undefined
    const entry = this.raw(id)
    if (!entry) return undefined
    if (entry.num_uses < 0 || this.isExpired(entry)) return undefined
    return entry
  }

  /** The stored entry even when expired (for the expiration manager). */
  raw(id: string): TokenEntry | undefined {
    let cached = this.#cache.get(id)
    if (cached === undefined) {
      cached = this.#storage.get<TokenEntry>(ID + id)
      if (cached === undefined) return undefined
      this.#cache.set(id, cached)
    }
    // A shallow copy: callers may change top-level fields without touching the cache.
    return { ...cached }
  }

  /** Forget parsed entries and re-arm expiry timers (after a restore replaced storage). */
  reload(): void {
    this.#cache.clear()
    for (const id of this.allIds()) {
      const entry = this.raw(id)
      if (entry) this.#scheduleExpiry(entry)
    }
  }

  /** Expiry runs on the clock: when the TTL passes, the token and its tree are revoked. */
  #scheduleExpiry(entry: TokenEntry): void {
    if (entry.expire_time_ms === 0) return
    this.#clock.schedule(expiryKey(entry.id), entry.expire_time_ms, async () => {
      const current = this.raw(entry.id)
      if (!current || current.expire_time_ms > this.#clock.now()) return undefined
      await this.revokeTree(entry.id)
      return { kind: 'token-expired', id: current.accessor || current.display_name }
    })
  }

  lookupAccessor(accessor: string): TokenEntry | undefined {
    if (accessor === '') return undefined
    const id = this.#storage.get<string>(ACCESSOR + accessor)
    return id === undefined ? undefined : this.lookup(id)
  }

  isExpired(entry: TokenEntry): boolean {
    return entry.expire_time_ms > 0 && entry.expire_time_ms <= this.#clock.now()
  }

  /** Remaining TTL in whole seconds (0 for tokens that never expire). */
  ttl(entry: TokenEntry): number {
    if (entry.expire_time_ms === 0) return 0
    return Math.max(0, Math.round((entry.expire_time_ms - this.#clock.now()) / 1000))
  }

  /**
   * Count one use of a limited-use token. Returns true when that was the last
   * use: the caller revokes it once the request finished.
   */
  use(entry: TokenEntry): boolean {
    if (entry.num_uses <= 0) return false
    const fresh = this.raw(entry.id)
    if (!fresh) return false
    fresh.num_uses -= 1
    entry.num_uses = fresh.num_uses
    if (fresh.num_uses === 0) {
      fresh.num_uses = -1 // spent: lookups of it now fail, revocation follows
      this.#save(fresh)
      return true
    }
    this.#save(fresh)
    return false
  }

  /** Move a token's expiry (renewal); records the renewal time and the granted TTL. */
  setExpiry(entry: TokenEntry, ttlSeconds: number): void {
    const now = this.#clock.now()
    entry.expire_time_ms = now + ttlSeconds * 1000
    entry.last_renewal_ms = now
    entry.lease_ttl = ttlSeconds
    this.#save(entry)
    this.#scheduleExpiry(entry)
  }

  /** Revoke a token and every descendant (depth first), then run the listeners. */
  async revokeTree(id: string): Promise<void> {
    for (const child of this.#storage.list(`${PARENT}${id}/`)) await this.revokeTree(child)
    await this.#revokeOne(id)
  }

  /** Revoke only this token; its children become orphans. */
  async revokeOrphan(id: string): Promise<void> {
    for (const child of this.#storage.list(`${PARENT}${id}/`)) {
      const entry = this.raw(child)
      if (entry) {
        entry.parent = ''
        entry.orphan = true
        this.#save(entry)
      }
      this.#storage.delete(`${PARENT}${id}/${child}`)
    }
    await this.#revokeOne(id)
  }

  /** Every stored token id, expired ones included. */
  allIds(): string[] {
    return this.#storage.list(ID).filter((k) => !k.endsWith('/'))
  }

  accessors(): string[] {
    return this.#storage.list(ACCESSOR).filter((k) => !k.endsWith('/'))
  }

  /** The `auth` block Vault returns for this token. */
  authBlock(entry: TokenEntry, tokenPolicies?: string[]): AuthBlock {
    const policies = tokenPolicies ?? entry.policies
    return {
      client_token: entry.id,
      accessor: entry.accessor,
      policies,
      token_policies: policies,
      metadata: entry.meta,
      lease_duration: this.ttl(entry),
      renewable: entry.renewable,
      entity_id: entry.entity_id,
      token_type: entry.type,
      orphan: entry.orphan,
      mfa_requirement: null,
      num_uses: Math.max(0, entry.num_uses),
    }
  }

  async #revokeOne(id: string): Promise<void> {
    const entry = this.raw(id)
    if (!entry) return
    this.#storage.delete(ID + id)
    this.#cache.delete(id)
    this.#clock.cancel(expiryKey(id))
    if (entry.accessor) this.#storage.delete(ACCESSOR + entry.accessor)
    if (entry.parent) this.#storage.delete(`${PARENT}${entry.parent}/${id}`)
    for (const listener of this.#revokeListeners) await listener(entry)
  }

  #save(entry: TokenEntry): void {
    this.#storage.put(ID + entry.id, entry)
    this.#cache.set(entry.id, { ...entry })
  }
}

function expiryKey(tokenId: string): string {
  return `token:${tokenId}`
}

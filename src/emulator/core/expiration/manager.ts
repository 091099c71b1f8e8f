/**
 * The expiration manager: every lease, on the core's clock. Registering a
 * lease schedules a virtual timer at its expiry; moving the clock past it
 * revokes it through the backend's hook. A lease's backend revoke runs
 * exactly once whatever mix of expiry and explicit revocations reaches it.
 */
import type { Clock, TimerOutcome } from '../clock.js'
import type { Storage } from '../storage.js'
import type { LeaseRecord, SecretSpec } from '../leases.js'
import type { Core } from '../core.js'
import { randomBase62 } from '../ids.js'
import { VaultError, invalidRequest } from '../errors.js'
import { calculateTtl } from '../../framework/ttl.js'
import type { BackendSetup, SecretHooks } from '../../framework/backend.js'
import { idsUnderPrefix, listChildren } from './lease-tree.js'
import { MAX_REVOKE_ATTEMPTS, revokeRetryDelaySeconds } from './backoff.js'
import { INJECTED_RENEW_ERROR, INJECTED_REVOKE_ERROR } from '../faults.js'

const ID = 'id/'

export type LeaseLog = (message: string) => void

export interface RenewResult {
  lease: LeaseRecord
  warnings: string[]
}

export class ExpirationManager {
  readonly #storage: Storage
  readonly #clock: Clock
  readonly #core: Core
  readonly #log: LeaseLog
  /** leaseId → in-flight revocation, so concurrent callers share one backend revoke. */
  readonly #inflight = new Map<string, Promise<void>>()
  /** tokenId → its leases (rebuilt from storage on restore). */
  #byToken = new Map<string, Set<string>>()

  constructor(storage: Storage, clock: Clock, core: Core, log: LeaseLog) {
    this.#storage = storage
    this.#clock = clock
    this.#core = core
    this.#log = log
  }

  /** Register a lease for a secret served at `requestPath`. */
  register(requestPath: string, mountPath: string, tokenId: string, spec: SecretSpec): LeaseRecord {
    const now = this.#clock.now()
    const lease: LeaseRecord = {
      id: `${requestPath.replace(/\/+$/, '')}/${randomBase62(24)}`,
      mountPath,
      secretType: spec.type,
      internal: spec.internal,
      tokenId,
      issueTimeMs: now,
      expireTimeMs: spec.ttl > 0 ? now + spec.ttl * 1000 : 0,
      lastRenewalMs: null,
      renewable: spec.renewable ?? true,
      ttl: spec.ttl,
      maxTtl: spec.maxTtl ?? 0,
      revokeAttempts: 0,
    }
    this.#save(lease)
    this.#index(lease)
    this.#schedule(lease)
    return lease
  }

  get(id: string): LeaseRecord | undefined {
    return this.#storage.get<LeaseRecord>(ID + id)
  }

  /** Every lease id, sorted. */
  ids(): string[] {
    return this.#storage.keys(ID)
  }

  count(): number {
    return this.ids().length
  }

  /** Immediate children under a prefix of the lease tree. */
  list(prefix: string): string[] {
    return listChildren(this.ids(), prefix)
  }

  ttl(lease: LeaseRecord): number {
    if (lease.expireTimeMs === 0) return 0
    return Math.max(0, Math.round((lease.expireTimeMs - this.#clock.now()) / 1000))
  }

  /** Renew with `increment` seconds (0 = the backend's TTL), capped by the max TTLs from issue time. */
  async renew(id: string, increment: number): Promise<RenewResult> {
    const lease = this.get(id)
    if (!lease) throw invalidRequest('lease not found')
    if (lease.revokeError !== undefined) throw invalidRequest('lease not found')
    if (lease.expireTimeMs !== 0 && lease.expireTimeMs <= this.#clock.now()) throw invalidRequest('lease expired')
    if (!lease.renewable) throw invalidRequest('lease is not renewable')
    const mounted = this.#core.mounts.get(lease.mountPath)
    if (!mounted) throw invalidRequest('lease not found')
    const { ttl, warnings } = calculateTtl({
      increment,
      backendTtl: lease.ttl,
      backendMaxTtl: lease.maxTtl,
      mount: this.#core.mountTtls(mounted.entry),
      startMs: lease.issueTimeMs,
      nowMs: this.#clock.now(),
    })
    // An injected fault (`vault.faults.failRenewals(n)`): as if the backend's renew failed.
    if (this.#core.faults.takeRenewalFailure()) throw new VaultError('internal', INJECTED_RENEW_ERROR)
    const hooks = this.#hooks(lease)
    if (hooks?.renew && ttl > 0) await hooks.renew(lease, ttl, this.#setup(lease))
    const now = this.#clock.now()
    lease.expireTimeMs = now + ttl * 1000
    lease.lastRenewalMs = now
    this.#save(lease)
    this.#schedule(lease)
    return { lease, warnings }
  }

  /**
   * Revoke now. Throws the backend's error (the lease stays); with `force`,
   * backend errors are ignored and the lease is deleted anyway.
   */
  revoke(id: string, options: { force?: boolean } = {}): Promise<void> {
    const running = this.#inflight.get(id)
    if (running) return options.force ? running.catch(() => this.#forget(id)) : running
    const lease = this.get(id)
    if (!lease) return Promise.resolve()
    const work = this.#revokeBackend(lease)
      .then(() => this.#forget(id))
      .catch((err: unknown) => {
        if (options.force) {
          this.#forget(id)
          return
        }
        throw err
      })
      .finally(() => this.#inflight.delete(id))
    this.#inflight.set(id, work)
    return work
  }

  /** Revoke every lease under a prefix (whole segments); an exact lease id revokes just that lease. */
  async revokePrefix(prefix: string, options: { force?: boolean } = {}): Promise<void> {
    const clean = prefix.replace(/^\/+/, '')
    const exact = !clean.endsWith('/') && this.get(clean) ? [clean] : idsUnderPrefix(this.ids(), clean)
    const results = await Promise.allSettled(exact.map((id) => this.revoke(id, options)))
    const failed = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected')
    if (failed.length > 0) throw failed[0]?.reason
  }

  /** Revoke every lease a token created (token revocation and expiry). */
  async revokeByToken(tokenId: string): Promise<void> {
    const ids = [...(this.#byToken.get(tokenId) ?? [])]
    await Promise.allSettled(ids.map((id) => this.#revokeOnExpiry(id)))
  }

  /** Drop in-memory indexes and timers, rebuild from storage (after a restore). */
  reload(): void {
    this.#byToken = new Map()
    for (const id of this.ids()) {
      const lease = this.get(id)
      if (!lease) continue
      this.#index(lease)
      if (lease.revokeError === undefined) this.#schedule(lease)
    }
  }

  /** Leases that gave up revoking. */
  irrevocable(): LeaseRecord[] {
    return this.ids().map((id) => this.get(id)).filter((l): l is LeaseRecord => l?.revokeError !== undefined)
  }

  async #revokeOnExpiry(id: string): Promise<TimerOutcome> {
    try {
      await this.revoke(id)
      return { kind: 'expired', id }
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err)
      const lease = this.get(id)
      if (!lease) return { kind: 'expired', id }
      lease.revokeAttempts += 1
      if (lease.revokeAttempts >= MAX_REVOKE_ATTEMPTS) {
        lease.revokeError = message
        this.#save(lease)
        this.#clock.cancel(timerKey(id))
        this.#log(`[vault-emu] lease ${id} is irrevocable after ${lease.revokeAttempts} failed attempts: ${message}`)
        return { kind: 'irrevocable', id, error: message }
      }
      this.#save(lease)
      const delay = revokeRetryDelaySeconds(lease.revokeAttempts)
      this.#log(`[vault-emu] failed to revoke lease ${id} (attempt ${lease.revokeAttempts} of ${MAX_REVOKE_ATTEMPTS}, retrying in ${delay}s): ${message}`)
      this.#clock.schedule(timerKey(id), this.#clock.now() + delay * 1000, () => this.#revokeOnExpiry(id))
      return { kind: 'revoke-failed', id, error: message }
    }
  }

  async #revokeBackend(lease: LeaseRecord): Promise<void> {
    // An injected fault (`vault.faults.failRevocations(n)`): as if the backend's revoke failed.
    if (this.#core.faults.takeRevocationFailure()) throw new VaultError('internal', INJECTED_REVOKE_ERROR)
    const hooks = this.#hooks(lease)
    if (!hooks) return
    await hooks.revoke(lease, this.#setup(lease))
  }

  #hooks(lease: LeaseRecord): SecretHooks | undefined {
    return this.#core.mounts.get(lease.mountPath)?.backend.secrets[lease.secretType]
  }

  #setup(lease: LeaseRecord): BackendSetup {
    const mounted = this.#core.mounts.get(lease.mountPath)
    if (!mounted) throw new VaultError('internal', `no mount at ${lease.mountPath}`)
    return { core: this.#core, mount: mounted.entry, storage: this.#core.storage.sub(this.#core.mountStoragePrefix(mounted.entry)) }
  }

  #schedule(lease: LeaseRecord): void {
    if (lease.expireTimeMs === 0) return
    this.#clock.schedule(timerKey(lease.id), lease.expireTimeMs, () => this.#revokeOnExpiry(lease.id))
  }

  #forget(id: string): void {
    const lease = this.get(id)
    this.#storage.delete(ID + id)
    this.#clock.cancel(timerKey(id))
    if (lease?.tokenId) this.#byToken.get(lease.tokenId)?.delete(id)
  }

  #index(lease: LeaseRecord): void {
    if (!lease.tokenId) return
    let set = this.#byToken.get(lease.tokenId)
    if (!set) this.#byToken.set(lease.tokenId, (set = new Set()))
    set.add(lease.id)
  }

  #save(lease: LeaseRecord): void {
    this.#storage.put(ID + lease.id, lease)
  }
}

function timerKey(leaseId: string): string {
  return `lease:${leaseId}`
}

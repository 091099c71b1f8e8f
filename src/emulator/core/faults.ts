/**
 * Fault injection: make the emulated Vault misbehave on purpose, so that a
 * service's tests show it survives a sealed Vault, an unreachable database,
 * failing renewals and revocations, a broken audit device or slow answers.
 *
 * The switches live on the core (not in storage): snapshots never carry them,
 * and `vault.restore(snapshot)` / `faults.clear()` undo every one of them.
 * Each change is written to the audit devices as a line of its own type,
 * `{"type":"emulator-fault",...}` (see {@link FaultInjector}), so that the
 * `request`/`response` lines keep exactly Vault's format.
 *
 * @example
 * await vault.faults.seal()            // every request: 503 Vault is sealed
 * await vault.faults.unseal()          // dev mode: unsealed again with the dev key
 * vault.faults.databaseDown()          // database engine: "connect: connection refused"
 * vault.faults.failRenewals(2)         // the next 2 lease renewals fail (500)
 * vault.faults.failRevocations(6)      // a lease revoked on expiry ends up irrevocable
 * vault.faults.failAudit()             // no device stores entries: requests fail closed (500)
 * vault.faults.latency('200ms')        // every response 200 ms late (wall time)
 * await vault.faults.clear()
 */
import type { Core } from './core.js'
import { parseGoDuration } from './duration.js'

/** One active fault, as `faults.list()` and `GET /_emu/faults` show it. */
export type ActiveFault =
  | { kind: 'seal' }
  | { kind: 'database-down' }
  | { kind: 'fail-renewals'; remaining: number }
  | { kind: 'fail-revocations'; remaining: number }
  | { kind: 'fail-audit'; path: string | null }
  | { kind: 'latency'; ms: number }

/** The audit line a fault change writes (`type` is never `request` or `response`). */
export interface FaultAuditEntry {
  type: 'emulator-fault'
  time: string
  fault: { action: 'inject' | 'clear'; kind: ActiveFault['kind'] } & Record<string, unknown>
}

/** Misuse of the fault API (a fault that cannot apply, bad arguments). */
export class FaultError extends Error {
  override name = 'FaultError'
}

/** Text of the injected renewal and revocation failures (the lease's backend "answered" it). */
export const INJECTED_RENEW_ERROR = '[vault-emu] injected fault: lease renewal failed'
export const INJECTED_REVOKE_ERROR = '[vault-emu] injected fault: lease revocation failed'

/**
 * The core-level fault switches, and `vault.faults`. The checks the engines
 * make (`databaseUnreachable`, `takeRenewalFailure()`...) cost a field read
 * when no fault is active.
 */
export class FaultInjector {
  readonly #core: Core
  #sealedKey: string | undefined
  #sealed = false
  #databaseDown = false
  #renewals = 0
  #revocations = 0
  /** `null`: every device; else device paths (`file/`). */
  #audit: Set<string> | null | undefined
  #latencyMs = 0

  constructor(core: Core) {
    this.#core = core
  }

  // ---- what the rest of the core asks ----------------------------------------------

  /** The database engine's connections fail as if the host were down. */
  get databaseUnreachable(): boolean {
    return this.#databaseDown
  }

  /** Response latency to add, in (wall-clock) milliseconds. */
  get latencyMs(): number {
    return this.#latencyMs
  }

  /** Whether the core was sealed by {@link seal} (so the root token may still unseal over `/_emu/faults`). */
  get sealedByFault(): boolean {
    return this.#sealed && this.#core.seal.sealed
  }

  /** Consume one injected renewal failure: true when this renewal must fail. */
  takeRenewalFailure(): boolean {
    if (this.#renewals === 0) return false
    this.#renewals -= 1
    return true
  }

  /** Consume one injected revocation failure: true when this revocation must fail. */
  takeRevocationFailure(): boolean {
    if (this.#revocations === 0) return false
    this.#revocations -= 1
    return true
  }

  /** Whether the audit device at `path` (`file/`) must fail to store entries. */
  auditFails(path: string): boolean {
    const failing = this.#audit
    if (failing === undefined) return false
    return failing === null || failing.has(path)
  }

  /**
   * Wait for the injected latency. This is the one place in the core that
   * uses a real timer: latency is about wall time (what a client's HTTP
   * timeout sees), not the emulated clock, which may be frozen.
   */
  delay(): Promise<void> {
    const ms = this.#latencyMs
    return new Promise((resolve) => void setTimeout(resolve, ms))
  }

  // ---- the public API ----------------------------------------------------------------

  /** The active faults. */
  list(): ActiveFault[] {
    const out: ActiveFault[] = []
    if (this.sealedByFault) out.push({ kind: 'seal' })
    if (this.#databaseDown) out.push({ kind: 'database-down' })
    if (this.#renewals > 0) out.push({ kind: 'fail-renewals', remaining: this.#renewals })
    if (this.#revocations > 0) out.push({ kind: 'fail-revocations', remaining: this.#revocations })
    if (this.#audit === null) out.push({ kind: 'fail-audit', path: null })
    else if (this.#audit) for (const path of this.#audit) out.push({ kind: 'fail-audit', path })
    if (this.#latencyMs > 0) out.push({ kind: 'latency', ms: this.#latencyMs })
    return out
  }

  /** Whether any fault is active. */
  get active(): boolean {
    return this.#sealed || this.#databaseDown || this.#renewals > 0 || this.#revocations > 0 || this.#audit !== undefined || this.#latencyMs > 0
  }

  /**
   * Seal the emulator as `vault operator seal` does: every request but the seal's
   * own endpoints answers 503 until {@link unseal}. In dev mode the dev unseal key
   * is kept to unseal again.
   */
  async seal(): Promise<void> {
    if (this.#core.seal.sealed) throw new FaultError('[vault-emu] faults.seal(): the emulator is sealed already')
    this.#note('inject', 'seal')
    this.#sealedKey = this.#core.seal.devUnsealKey
    this.#sealed = true
    await this.#core.seal.seal()
  }

  /**
   * Unseal after {@link seal}: in dev mode with the dev key; with the Shamir seal
   * pass the key shares (base64 or hex), as `sys/unseal` takes them.
   */
  async unseal(keys?: readonly string[]): Promise<void> {
    if (!this.#core.seal.sealed) {
      this.#sealed = false
      return
    }
    const given = keys ?? (this.#sealedKey === undefined ? [] : [this.#sealedKey])
    if (given.length === 0) throw new FaultError('[vault-emu] faults.unseal(): the Shamir seal needs key shares: faults.unseal([share1, share2, ...])')
    for (const key of given) {
      await this.#core.seal.unseal(/^[0-9a-f]+$/i.test(key) && key.length % 2 === 0 ? Buffer.from(key, 'hex') : Buffer.from(key, 'base64'))
    }
    if (this.#core.seal.sealed) throw new FaultError('[vault-emu] faults.unseal(): still sealed (not enough key shares)')
    this.#sealed = false
    this.#sealedKey = undefined
    this.#note('clear', 'seal')
  }

  /**
   * The database engine's connections fail as if the PostgreSQL host were down
   * (`dial tcp host:port: connect: connection refused`): new credentials, revocations
   * (which then go through the lease retry path), rotations and config verification.
   * The PostgreSQL server itself keeps running: credentials already issued keep
   * working for the application, as when only Vault's route to the database breaks.
   */
  databaseDown(): void {
    if (this.#databaseDown) return
    this.#databaseDown = true
    this.#note('inject', 'database-down')
  }

  /** Undo {@link databaseDown}. */
  databaseUp(): void {
    if (!this.#databaseDown) return
    this.#databaseDown = false
    this.#note('clear', 'database-down')
  }

  /** The next `n` lease renewals fail with a 500 (the lease is not extended). */
  failRenewals(n = 1): void {
    this.#renewals = countOf(n, 'failRenewals')
    this.#note(this.#renewals > 0 ? 'inject' : 'clear', 'fail-renewals', { count: this.#renewals })
  }

  /**
   * The next `n` lease revocations fail: explicit ones answer 500 (the lease stays),
   * those on expiry are retried with Vault's backoff and, after 6 failures, the
   * lease is left irrevocable.
   */
  failRevocations(n = 1): void {
    this.#revocations = countOf(n, 'failRevocations')
    this.#note(this.#revocations > 0 ? 'inject' : 'clear', 'fail-revocations', { count: this.#revocations })
  }

  /**
   * The audit device at `path` (every device without one) stops storing entries.
   * When no enabled device can store a request's entry the request fails closed
   * (500), as in Vault.
   */
  failAudit(path?: string): void {
    const enabled = Object.keys(this.#core.audit.list())
    if (path === undefined) {
      if (enabled.length === 0) throw new FaultError('[vault-emu] faults.failAudit(): no audit device is enabled')
      this.#note('inject', 'fail-audit', { path: null })
      this.#audit = null
      return
    }
    const name = path.replace(/^\/+/, '').replace(/\/*$/, '/')
    if (!enabled.includes(name)) throw new FaultError(`[vault-emu] faults.failAudit(): no audit device at ${JSON.stringify(name)}`)
    this.#note('inject', 'fail-audit', { path: name })
    if (this.#audit === null) return
    ;(this.#audit ??= new Set()).add(name)
  }

  /** Add `'200ms'`, `'1s'` or a number of milliseconds to every response (0 removes it). */
  latency(value: string | number): void {
    const ms = typeof value === 'number' ? value : parseLatency(value)
    if (!Number.isFinite(ms) || ms < 0) throw new FaultError(`[vault-emu] faults.latency(): not a latency: ${JSON.stringify(value)}`)
    this.#latencyMs = ms
    this.#note(ms > 0 ? 'inject' : 'clear', 'latency', { ms })
  }

  /** Undo every fault (unsealing a core sealed by {@link seal} in dev mode). */
  async clear(): Promise<void> {
    if (!this.active) return
    if (this.#audit !== undefined) {
      this.#audit = undefined
      this.#note('clear', 'fail-audit')
    }
    if (this.#sealed) {
      if (this.#core.seal.sealed && this.#sealedKey !== undefined) await this.unseal()
      this.#sealed = false
      this.#sealedKey = undefined
    }
    if (this.#databaseDown) this.databaseUp()
    if (this.#renewals > 0) this.failRenewals(0)
    if (this.#revocations > 0) this.failRevocations(0)
    if (this.#latencyMs > 0) this.latency(0)
  }

  #note(action: 'inject' | 'clear', kind: ActiveFault['kind'], details: Record<string, unknown> = {}): void {
    if (this.#core.seal.sealed) return // no audit device is loaded while sealed
    const entry: FaultAuditEntry = { type: 'emulator-fault', time: this.#core.audit.time(), fault: { action, kind, ...details } }
    this.#core.audit.note(JSON.stringify(entry))
  }
}

function countOf(n: number, name: string): number {
  if (!Number.isInteger(n) || n < 0) throw new FaultError(`[vault-emu] faults.${name}(): a count of 0 or more, not ${JSON.stringify(n)}`)
  return n
}

/** `'200ms'`, `'1.5s'`, `'250'` (milliseconds). */
function parseLatency(text: string): number {
  const trimmed = text.trim()
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Number(trimmed)
  try {
    return parseGoDuration(trimmed) / 1e6
  } catch {
    return Number.NaN
  }
}

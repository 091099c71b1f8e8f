/**
 * The one clock of an emulator. Every timestamp and TTL in `emulator/` reads
 * it; nothing else there may call `Date.now()` or `setTimeout`.
 *
 * - `real` mode: virtual time = wall time + offset; due timers also fire by
 *   themselves (on one unref'd wall-clock timeout).
 * - `frozen` mode: time moves only through {@link Clock.set} and {@link Clock.advance}.
 *
 * Components schedule *virtual timers* (a lease expiry, a rotation). Moving the
 * clock runs every timer that falls due, in due order, each at its own
 * virtual instant, and resolves only when they all finished.
 */
import { parseDurationSeconds } from './duration.js'
import { TimerQueue } from './timer-queue.js'

export type ClockMode = 'real' | 'frozen'

export interface ClockOptions {
  mode?: ClockMode
  /** Start time (ISO string, epoch ms or Date). Default: now. */
  start?: string | number | Date
}

export interface ClockStatus {
  mode: ClockMode
  now: string
  offsetMs: number
  pendingTimers: number
}

/** What a timer reports back (collected into the move report). */
export interface TimerOutcome {
  kind: string
  id: string
  error?: string
}

export interface MoveReport {
  from: string
  to: string
  /** Every outcome the timers reported, in the order they ran. */
  events: TimerOutcome[]
}

export class ClockError extends Error {
  override name = 'ClockError'
}

export function toEpochMs(value: string | number | Date): number {
  const ms = value instanceof Date ? value.getTime() : typeof value === 'number' ? value : Date.parse(value)
  if (!Number.isFinite(ms)) throw new ClockError(`invalid time ${JSON.stringify(String(value))}`)
  return ms
}

export type TimerCallback = () => Promise<TimerOutcome | TimerOutcome[] | void>

export class Clock {
  #mode: ClockMode
  #offset = 0
  #frozenAt = 0
  #timers = new TimerQueue()
  #callbacks = new Map<string, TimerCallback>()
  #moving: Promise<unknown> = Promise.resolve()
  #wallTimer: ReturnType<typeof setTimeout> | undefined
  #disposed = false
  /** True while a move runs its due timers: waiters see the time only once it is over. */
  #inMove = false
  /** Checks of pending {@link Clock.waitUntil} calls, run after every move. */
  #waiters = new Set<() => void>()
  /** Outcomes of timers that fired by themselves in real mode, until read. */
  #background: TimerOutcome[] = []

  constructor(options: ClockOptions = {}) {
    this.#mode = options.mode ?? 'real'
    const start = options.start === undefined ? Date.now() : toEpochMs(options.start)
    if (this.#mode === 'frozen') this.#frozenAt = start
    else this.#offset = start - Date.now()
  }

  get mode(): ClockMode {
    return this.#mode
  }

  /** Current virtual time, epoch milliseconds. */
  now(): number {
    return this.#mode === 'frozen' ? this.#frozenAt : Date.now() + this.#offset
  }

  /** Current virtual time in whole Unix seconds. */
  unix(): number {
    return Math.floor(this.now() / 1000)
  }

  /** Current virtual time, RFC 3339. */
  iso(): string {
    return new Date(this.now()).toISOString()
  }

  status(): ClockStatus {
    return { mode: this.#mode, now: this.iso(), offsetMs: this.#mode === 'real' ? this.#offset : this.#frozenAt - Date.now(), pendingTimers: this.#timers.size }
  }

  /** Stop time where it is. */
  freeze(): void {
    if (this.#mode === 'frozen') return
    this.#frozenAt = this.now()
    this.#mode = 'frozen'
    this.#disarm()
    this.#wakeWaiters()
  }

  /** Let time flow again from where it stands. */
  resume(): void {
    if (this.#mode === 'real') return
    this.#offset = this.#frozenAt - Date.now()
    this.#mode = 'real'
    this.#arm()
    this.#wakeWaiters()
  }

  /** Run `callback` when virtual time reaches `dueMs` (replaces an earlier timer with the same key). */
  schedule(key: string, dueMs: number, callback: TimerCallback): void {
    this.#timers.schedule(key, dueMs)
    this.#callbacks.set(key, callback)
    this.#arm()
  }

  cancel(key: string): void {
    this.#timers.cancel(key)
    this.#callbacks.delete(key)
  }

  /** Drop every timer (before a restore rebuilds them). */
  clearTimers(): void {
    this.#timers.clear()
    this.#callbacks.clear()
    this.#disarm()
  }

  /** Move forward by a duration (`"1h"`, `90`, `"30m"`, `"1d"`); resolves after due work finished. */
  advance(duration: string | number): Promise<MoveReport> {
    let seconds: number
    try {
      seconds = parseDurationSeconds(duration)
    } catch (err) {
      return Promise.reject(err)
    }
    if (seconds < 0) return Promise.reject(new ClockError('cannot advance the clock by a negative duration'))
    return this.#serialise(() => this.#moveTo(this.now() + seconds * 1000))
  }

  /** Jump to a time; moving backwards is refused. */
  set(time: string | number | Date): Promise<MoveReport> {
    let target: number
    try {
      target = toEpochMs(time)
    } catch (err) {
      return Promise.reject(err)
    }
    return this.#serialise(() => {
      if (target < this.now()) throw new ClockError(`cannot move the clock backwards to ${new Date(target).toISOString()}`)
      return this.#moveTo(target)
    })
  }

  /** Run whatever is due now without moving time (after a restore or unseal). */
  runDue(): Promise<MoveReport> {
    return this.#serialise(() => this.#moveTo(this.now()))
  }

  /** Outcomes of timers that fired on their own (real mode) since the last call. */
  takeBackgroundEvents(): TimerOutcome[] {
    const events = this.#background
    this.#background = []
    return events
  }

  /**
   * Resolves `true` once virtual time reaches `targetMs` and the move that
   * reached it has run its due timers; `false` after `timeoutMs` of wall time
   * or when the clock is disposed. Long polls (`/_emu/clock/wait`) sleep on it.
   */
  waitUntil(targetMs: number, timeoutMs: number): Promise<boolean> {
    return new Promise((resolve) => {
      let flowTimer: ReturnType<typeof setTimeout> | undefined
      const done = (reached: boolean): void => {
        clearTimeout(timeout)
        clearTimeout(flowTimer)
        this.#waiters.delete(check)
        resolve(reached)
      }
      const check = (): void => {
        if (this.#disposed) return done(false)
        if (!this.#inMove && this.now() >= targetMs) return done(true)
        clearTimeout(flowTimer)
        // In real mode time reaches the target by itself; a running move wakes waiters when it ends.
        if (this.#mode === 'real' && !this.#inMove) flowTimer = setTimeout(check, Math.min(Math.max(targetMs - this.now(), 1), 2_147_483_647)).unref()
      }
      const timeout = setTimeout(() => done(false), timeoutMs).unref()
      this.#waiters.add(check)
      check()
    })
  }

  /** Stop the wall-clock timer for good (emulator stop). */
  dispose(): void {
    this.#disposed = true
    this.#disarm()
    this.#wakeWaiters()
  }

  #wakeWaiters(): void {
    for (const check of [...this.#waiters]) check()
  }

  #serialise(work: () => Promise<MoveReport>): Promise<MoveReport> {
    const run = this.#moving.then(work)
    this.#moving = run.catch(() => undefined)
    return run
  }

  #setNow(ms: number): void {
    if (this.#mode === 'frozen') this.#frozenAt = ms
    else this.#offset = ms - Date.now()
  }

  async #moveTo(target: number): Promise<MoveReport> {
    const from = this.now()
    const events: TimerOutcome[] = []
    this.#disarm()
    this.#inMove = true
    try {
      await this.#runDueUpTo(target, events)
    } finally {
      this.#inMove = false
    }
    this.#arm()
    this.#wakeWaiters()
    return { from: new Date(from).toISOString(), to: this.iso(), events }
  }

  async #runDueUpTo(target: number, events: TimerOutcome[]): Promise<void> {
    for (;;) {
      const timer = this.#timers.popDue(Math.max(target, this.now()))
      if (!timer) break
      const callback = this.#callbacks.get(timer.key)
      this.#callbacks.delete(timer.key)
      if (timer.dueMs > this.now()) this.#setNow(timer.dueMs)
      if (!callback) continue
      try {
        const outcome = await callback()
        if (Array.isArray(outcome)) events.push(...outcome)
        else if (outcome) events.push(outcome)
      } catch (err) {
        events.push({ kind: 'error', id: timer.key, error: err instanceof Error ? err.message : String(err) })
      }
    }
    if (target > this.now()) this.#setNow(target)
  }

  #arm(): void {
    if (this.#mode !== 'real' || this.#disposed) return
    this.#disarm()
    const next = this.#timers.peek()
    if (!next) return
    const delay = Math.max(0, Math.min(next.dueMs - this.now(), 2_147_483_647))
    this.#wallTimer = setTimeout(() => {
      this.#wallTimer = undefined
      void this.runDue().then((report) => this.#background.push(...report.events))
    }, delay)
    this.#wallTimer.unref()
  }

  #disarm(): void {
    if (this.#wallTimer) clearTimeout(this.#wallTimer)
    this.#wallTimer = undefined
  }
}

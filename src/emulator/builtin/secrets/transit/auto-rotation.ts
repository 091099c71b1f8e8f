/**
 * `auto_rotate_period` on the core clock: one virtual timer per key, due when
 * the latest version is one period old, as Vault's periodic check decides.
 * Timers are re-armed from storage whenever the backend is (re)created.
 */
import type { TimerOutcome } from '../../../core/clock.js'
import type { TransitEngine } from './engine.js'
import { keyRecords } from './key-record.js'
import type { TransitKey } from './key-record.js'
import { rotateKey } from './key-lifecycle.js'

export class AutoRotation {
  readonly #engine: TransitEngine
  readonly #armed = new Set<string>()
  #stopped = false

  constructor(engine: TransitEngine) {
    this.#engine = engine
  }

  armAll(): void {
    for (const name of keyRecords.list(this.#engine.storage)) {
      const key = keyRecords.get(this.#engine.storage, name)
      if (key) this.arm(key)
    }
  }

  /** (Re)arm or cancel the timer of `key` after it changed. */
  arm(key: TransitKey): void {
    if (this.#stopped) return
    const latest = key.versions[String(key.latest_version)]
    if (key.auto_rotate_period <= 0 || !latest) {
      this.cancel(key.name)
      return
    }
    this.#armed.add(key.name)
    this.#engine.clock.schedule(this.#timerKey(key.name), latest.creation_ms + key.auto_rotate_period * 1000, () => this.#fire(key.name))
  }

  cancel(name: string): void {
    this.#armed.delete(name)
    this.#engine.clock.cancel(this.#timerKey(name))
  }

  stop(): void {
    this.#stopped = true
    for (const name of [...this.#armed]) this.cancel(name)
  }

  async #fire(name: string): Promise<TimerOutcome | void> {
    this.#armed.delete(name)
    if (this.#stopped) return undefined
    const id = `${this.#engine.setup.mount.path}keys/${name}`
    try {
      const key = await rotateKey(this.#engine, name)
      return key ? { kind: 'transit-key-rotated', id } : undefined
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err)
      this.#engine.log(`failed to auto-rotate key ${JSON.stringify(name)}: ${message}`)
      return { kind: 'transit-key-rotation-failed', id, error: message }
    }
  }

  #timerKey(name: string): string {
    return `transit:${this.#engine.setup.mount.uuid}:key:${name}`
  }
}

/**
 * Static-role rotation on the core clock: one virtual timer per role, due at
 * `last_vault_rotation + rotation_period`. A failed rotation is retried 10 s
 * later, as Vault's queue does. Timers are re-armed from storage whenever the
 * backend is (re)created, so they survive a storage reload.
 */
import type { TimerOutcome } from '../../../core/clock.js'
import { staticRoles } from './role-store.js'
import { setStaticAccount } from './static-account.js'
import type { DatabaseEngine } from './engine.js'

const RETRY_MS = 10_000

export class StaticRotation {
  readonly #engine: DatabaseEngine
  readonly #armed = new Set<string>()
  #stopped = false

  constructor(engine: DatabaseEngine) {
    this.#engine = engine
  }

  /** Arm a timer for every stored static role. */
  armAll(): void {
    for (const name of staticRoles.list(this.#engine.storage)) {
      const role = staticRoles.get(this.#engine.storage, name)
      if (role) this.arm(name, role.last_vault_rotation_ms + role.rotation_period * 1000)
    }
  }

  arm(name: string, dueMs: number): void {
    if (this.#stopped) return
    this.#armed.add(name)
    this.#engine.clock.schedule(this.#key(name), dueMs, () => this.#fire(name))
  }

  cancel(name: string): void {
    this.#armed.delete(name)
    this.#engine.clock.cancel(this.#key(name))
  }

  /** Cancel every timer of this mount for good. */
  stop(): void {
    this.#stopped = true
    for (const name of [...this.#armed]) this.cancel(name)
  }

  async #fire(name: string): Promise<TimerOutcome | void> {
    this.#armed.delete(name)
    const role = staticRoles.get(this.#engine.storage, name)
    if (!role || this.#stopped) return undefined
    const id = `${this.#engine.setup.mount.path}static-roles/${name}`
    try {
      const rotated = await setStaticAccount(this.#engine, name, role)
      this.arm(name, rotated.last_vault_rotation_ms + rotated.rotation_period * 1000)
      return { kind: 'static-rotated', id }
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err)
      this.#engine.log(`failed to rotate static role ${JSON.stringify(name)} (retrying in 10s): ${message}`)
      this.arm(name, this.#engine.clock.now() + RETRY_MS)
      return { kind: 'static-rotation-failed', id, error: message }
    }
  }

  #key(name: string): string {
    return `database:${this.#engine.setup.mount.uuid}:static-role:${name}`
  }
}

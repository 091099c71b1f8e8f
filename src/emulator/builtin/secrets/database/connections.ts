/**
 * One open plugin instance (and so one `pg.Pool`) per connection config, as
 * Vault's `databaseBackend.connections`: opened on first use (verifying the
 * connection), replaced on config writes, closed on delete, reset, root
 * rotation and mount cleanup.
 */
import type { Storage } from '../../../core/storage.js'
import type { Clock } from '../../../core/clock.js'
import { internalError } from '../../../core/errors.js'
import { requireConfig } from './config-store.js'
import { PluginError, PostgresDatabase } from './postgres-database.js'

export class ConnectionRegistry {
  readonly #storage: Storage
  readonly #clock: Clock
  readonly #open = new Map<string, Promise<PostgresDatabase>>()
  /** The core's fault switch (`vault.faults.databaseDown()`): every session then fails to connect. */
  readonly unreachable: () => boolean

  constructor(storage: Storage, clock: Clock, unreachable: () => boolean = () => false) {
    this.#storage = storage
    this.#clock = clock
    this.unreachable = unreachable
  }

  /** The open instance for a config, opening (and verifying) it if needed. Throws VaultErrors. */
  get(name: string): Promise<PostgresDatabase> {
    const open = this.#open.get(name)
    if (open) return open
    const config = requireConfig(this.#storage, name)
    const opening = PostgresDatabase.initialize(config.connection_details, { verify: true, nowMs: this.#clock.now(), unreachable: this.unreachable })
    this.#open.set(name, opening)
    opening.catch(() => {
      if (this.#open.get(name) === opening) this.#open.delete(name)
    })
    return opening.catch((err: unknown) => {
      throw err instanceof PluginError ? internalError(err.message) : err
    })
  }

  /** Install a freshly initialised instance (a config write), closing the one it replaces. */
  async replace(name: string, db: PostgresDatabase): Promise<void> {
    const previous = this.#open.get(name)
    this.#open.set(name, Promise.resolve(db))
    await closeQuietly(previous)
  }

  async clear(name: string): Promise<void> {
    const previous = this.#open.get(name)
    this.#open.delete(name)
    await closeQuietly(previous)
  }

  async clearAll(): Promise<void> {
    const all = [...this.#open.values()]
    this.#open.clear()
    await Promise.all(all.map(closeQuietly))
  }
}

async function closeQuietly(db: Promise<PostgresDatabase> | undefined): Promise<void> {
  if (!db) return
  try {
    await (await db).close()
  } catch {
    // It never opened; nothing to close.
  }
}

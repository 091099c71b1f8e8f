/**
 * The state one `database/` mount keeps in memory: its open connections and
 * its static-role rotation timers. Everything else lives in the mount's storage.
 */
import type { BackendSetup } from '../../../framework/backend.js'
import type { Storage } from '../../../core/storage.js'
import type { Clock } from '../../../core/clock.js'
import { ConnectionRegistry } from './connections.js'
import { StaticRotation } from './static-rotation.js'

export class DatabaseEngine {
  readonly setup: BackendSetup
  readonly connections: ConnectionRegistry
  readonly rotation: StaticRotation

  constructor(setup: BackendSetup) {
    this.setup = setup
    const faults = setup.core.faults
    this.connections = new ConnectionRegistry(setup.storage, setup.core.clock, () => faults.databaseUnreachable)
    this.rotation = new StaticRotation(this)
  }

  get storage(): Storage {
    return this.setup.storage
  }

  get clock(): Clock {
    return this.setup.core.clock
  }

  log(message: string): void {
    this.setup.core.log(`[vault-emu] ${this.setup.mount.path}: ${message}`)
  }

  /** Stop rotating and close every pool (mount disabled, emulator stopped, storage reloaded). */
  async cleanup(): Promise<void> {
    this.rotation.stop()
    await this.connections.clearAll()
  }
}

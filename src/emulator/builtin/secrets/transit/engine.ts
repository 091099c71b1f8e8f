/**
 * What one `transit/` mount keeps in memory: parsed key objects, per-key
 * locks and the auto-rotation timers. Keys themselves live in the mount's
 * storage.
 */
import type { BackendSetup } from '../../../framework/backend.js'
import type { Storage } from '../../../core/storage.js'
import type { Clock } from '../../../core/clock.js'
import { KeyObjectCache } from './key-objects.js'
import { KeyedMutex } from '../../../framework/keyed-mutex.js'
import { AutoRotation } from './auto-rotation.js'

export class TransitEngine {
  readonly setup: BackendSetup
  readonly objects = new KeyObjectCache()
  readonly locks = new KeyedMutex()
  readonly rotation: AutoRotation

  constructor(setup: BackendSetup) {
    this.setup = setup
    this.rotation = new AutoRotation(this)
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

  cleanup(): void {
    this.rotation.stop()
  }
}

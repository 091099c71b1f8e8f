/**
 * What one `pki/` mount keeps in memory: a queue that serialises changes to
 * issuers, revocations and CRLs (a CRL build awaits its signature, and two
 * interleaved builds could store a stale list). Everything else is storage.
 */
import type { BackendSetup } from '../../../framework/backend.js'
import type { Storage } from '../../../core/storage.js'
import type { Clock } from '../../../core/clock.js'
import { KeyedMutex } from '../../../framework/keyed-mutex.js'

export class PkiEngine {
  readonly setup: BackendSetup
  readonly #queue = new KeyedMutex()

  constructor(setup: BackendSetup) {
    this.setup = setup
  }

  get storage(): Storage {
    return this.setup.storage
  }

  get clock(): Clock {
    return this.setup.core.clock
  }

  /** The mount's effective default and max TTL (seconds). */
  get mountTtls(): { defaultTtl: number; maxTtl: number } {
    return this.setup.core.mountTtls(this.setup.mount)
  }

  /** Run `work` after every earlier change of this mount finished. */
  serialised<T>(work: () => Promise<T> | T): Promise<T> {
    return this.#queue.run('pki', work)
  }
}

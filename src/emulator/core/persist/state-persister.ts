/**
 * Keeps a state file in step with storage. Rule: a request that changed
 * storage writes the file synchronously before its response leaves (so an
 * acknowledged write survives a crash); changes made outside requests (timers
 * firing in real-time mode, programmatic calls) are written on the next turn
 * of the event loop. Each write is the whole state, encrypted, replaced
 * atomically — like Vault's storage, durability is per change, not per
 * transaction, so a crash mid-request keeps the writes of finished requests.
 */
import type { MemoryStorage } from '../storage.js'
import { readFileIfExists, writeFileAtomicSync } from './atomic-file.js'

/** Produces the bytes to write, or undefined when there is nothing to write (sealed). */
export type StateEncoder = () => Uint8Array | undefined

export class StatePersister {
  readonly path: string
  readonly #storage: MemoryStorage
  readonly #encode: StateEncoder
  readonly #log: (message: string) => void
  #written = -1
  #inFlight = 0
  #scheduled = false
  #stopped = false

  constructor(path: string, storage: MemoryStorage, encode: StateEncoder, log: (message: string) => void) {
    this.path = path
    this.#storage = storage
    this.#encode = encode
    this.#log = log
    storage.onChange = () => this.#schedule()
  }

  read(): Buffer | undefined {
    return readFileIfExists(this.path)
  }

  /** Bracket a request; the returned function writes what it changed. */
  begin(): () => void {
    this.#inFlight++
    return () => {
      this.#inFlight--
      this.flush()
    }
  }

  /** Write if storage moved since the last write. */
  flush(): void {
    if (this.#stopped || this.#storage.version === this.#written) return
    this.write()
  }

  /** Write now (init, seal, restore, start-up): the given bytes, or the encoder's (nothing if it has none). */
  write(bytes: Uint8Array | undefined = this.#encode()): void {
    if (!bytes) return
    writeFileAtomicSync(this.path, bytes)
    this.#written = this.#storage.version
  }

  /** The current storage is what the file holds (just loaded from it). */
  markClean(): void {
    this.#written = this.#storage.version
  }

  /** Final flush; no writes afterwards. */
  stop(): void {
    this.flush()
    this.#stopped = true
    this.#storage.onChange = undefined
  }

  #schedule(): void {
    if (this.#scheduled || this.#inFlight > 0 || this.#stopped) return
    this.#scheduled = true
    setImmediate(() => {
      this.#scheduled = false
      if (this.#inFlight > 0) return
      try {
        this.flush()
      } catch (err) {
        this.#log(`[vault-emu] could not write the state file ${this.path}: ${err instanceof Error ? err.message : String(err)}`)
      }
    })
  }
}

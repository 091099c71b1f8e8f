/**
 * Admission for password hashing. The KDF runs on libuv's small thread pool
 * (4 threads by default), which file writes and other crypto share; a burst
 * of logins must not take all of it, so at most `concurrency` hashes run at
 * once and the rest wait here, off the event loop.
 */
export class KdfQueue {
  #running = 0
  readonly #waiting: (() => void)[] = []

  constructor(readonly concurrency = 2) {}

  /** Hashes running or waiting (for diagnostics). */
  get pending(): number {
    return this.#running + this.#waiting.length
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.#running < this.concurrency) this.#running++
    // A finishing task hands its slot straight to the next waiter.
    else await new Promise<void>((resolve) => this.#waiting.push(resolve))
    try {
      return await task()
    } finally {
      const next = this.#waiting.shift()
      if (next) next()
      else this.#running--
    }
  }
}

/**
 * Runs async work one at a time, in call order. The postgres plugin holds a
 * lock around every user operation; concurrent `GRANT ... ON ALL TABLES`
 * would otherwise race on the same catalog rows ("tuple concurrently updated").
 */
export class SerialQueue {
  #tail: Promise<unknown> = Promise.resolve()

  run<T>(work: () => Promise<T>): Promise<T> {
    const result = this.#tail.then(work)
    this.#tail = result.catch(() => undefined)
    return result
  }
}

/**
 * One-at-a-time work per key name. Creating or rotating a key may await RSA
 * generation; without this, two requests could both see "no key" and both
 * create one.
 */
export class KeyedMutex {
  readonly #tails = new Map<string, Promise<unknown>>()

  async run<T>(name: string, work: () => Promise<T> | T): Promise<T> {
    const previous = this.#tails.get(name) ?? Promise.resolve()
    const result = previous.then(work, work)
    const tail = result.catch(() => undefined)
    this.#tails.set(name, tail)
    try {
      return await result
    } finally {
      if (this.#tails.get(name) === tail) this.#tails.delete(name)
    }
  }
}

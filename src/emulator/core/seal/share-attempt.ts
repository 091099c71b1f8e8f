/**
 * An operation that needs a quorum of unseal key shares while unsealed (root
 * token generation, rekey): started once with a nonce and its own settings,
 * fed shares that must quote the nonce, done when the threshold is reached.
 * Only one attempt of a kind at a time.
 */
import { invalidRequest } from '../errors.js'
import { KeyShareRound } from './key-share-round.js'
import { uuid } from '../ids.js'

/** How Vault words this operation's errors. */
export interface AttemptWording {
  /** In "incorrect nonce supplied; nonce for this <operation> operation is ...". */
  operation: string
  alreadyStarted: string
  notStarted: string
}

export class ShareAttempt<Settings> {
  #attempt: { nonce: string; settings: Settings } | undefined
  readonly #round = new KeyShareRound()
  readonly #words: AttemptWording

  constructor(words: AttemptWording) {
    this.#words = words
  }

  get started(): boolean {
    return this.#attempt !== undefined
  }

  get nonce(): string {
    return this.#attempt?.nonce ?? ''
  }

  get settings(): Settings | undefined {
    return this.#attempt?.settings
  }

  get progress(): number {
    return this.#round.progress
  }

  start(settings: Settings): void {
    if (this.#attempt) throw invalidRequest(this.#words.alreadyStarted)
    this.#attempt = { nonce: uuid(), settings }
  }

  /** Add a share; returns the shares once the threshold is reached (the round restarts either way). */
  add(share: Uint8Array, nonce: string, threshold: number): Uint8Array[] | undefined {
    if (!this.#attempt) throw invalidRequest(this.#words.notStarted)
    if (nonce !== this.#attempt.nonce) {
      throw invalidRequest(`incorrect nonce supplied; nonce for this ${this.#words.operation} operation is ${JSON.stringify(this.#attempt.nonce)}`)
    }
    if (!this.#round.add(share)) throw invalidRequest('given key has already been provided during this generation operation')
    return this.#round.progress >= threshold ? this.#round.take() : undefined
  }

  cancel(): void {
    this.#attempt = undefined
    this.#round.reset()
  }
}

/**
 * A `sys/generate-root` attempt: the OTP chosen at start, and the key shares
 * collected towards the threshold. Only one attempt at a time.
 */
import { invalidRequest } from '../errors.js'
import { KeyShareRound } from './key-share-round.js'
import { uuid } from '../ids.js'

/** `hvs.` + 24 base62: the length of a root token, so of its OTP. */
export const ROOT_OTP_LENGTH = 28

export class RootGeneration {
  #attempt: { nonce: string; otp: string } | undefined
  readonly #round = new KeyShareRound()

  get started(): boolean {
    return this.#attempt !== undefined
  }

  get nonce(): string {
    return this.#attempt?.nonce ?? ''
  }

  get otp(): string {
    return this.#attempt?.otp ?? ''
  }

  get progress(): number {
    return this.#round.progress
  }

  start(otp: string): void {
    if (this.#attempt) throw invalidRequest('root generation already in progress')
    this.#attempt = { nonce: uuid(), otp }
  }

  /** Add a share; returns the shares once the threshold is reached (the round restarts either way). */
  add(share: Uint8Array, nonce: string, threshold: number): Uint8Array[] | undefined {
    if (!this.#attempt) throw invalidRequest('no root generation in progress')
    if (nonce !== this.#attempt.nonce) {
      throw invalidRequest(`incorrect nonce supplied; nonce for this root generation operation is ${JSON.stringify(this.#attempt.nonce)}`)
    }
    if (!this.#round.add(share)) throw invalidRequest('given key has already been provided during this generation operation')
    return this.#round.progress >= threshold ? this.#round.take() : undefined
  }

  cancel(): void {
    this.#attempt = undefined
    this.#round.reset()
  }
}

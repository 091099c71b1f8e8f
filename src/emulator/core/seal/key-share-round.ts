/**
 * One round of collecting key shares (an unseal, a root generation): each
 * distinct share counts once, the first one opens the round with a nonce.
 */
import { timingSafeEqual } from 'node:crypto'
import { uuid } from '../ids.js'

export class KeyShareRound {
  #parts: Uint8Array[] = []
  #nonce = ''

  get progress(): number {
    return this.#parts.length
  }

  /** `''` while no share is pending. */
  get nonce(): string {
    return this.#nonce
  }

  /** Record a share; false when this exact share was already given this round. */
  add(share: Uint8Array): boolean {
    if (this.#parts.some((p) => p.length === share.length && timingSafeEqual(p, share))) return false
    if (this.#parts.length === 0) this.#nonce = uuid()
    this.#parts.push(Uint8Array.from(share))
    return true
  }

  /** The shares collected so far; the round is cleared. */
  take(): Uint8Array[] {
    const parts = this.#parts
    this.#parts = []
    this.#nonce = ''
    return parts
  }

  reset(): void {
    for (const p of this.#parts) p.fill(0)
    this.#parts = []
    this.#nonce = ''
  }
}

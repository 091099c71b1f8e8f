/**
 * OIDC logins between `oidc/auth_url` and `oidc/callback`, by OAuth state.
 * They expire after 10 minutes of virtual time and can be used once.
 */
import type { Clock } from '../../../core/clock.js'

export interface OidcRequest {
  state: string
  role: string
  redirectUri: string
  nonce: string
  codeVerifier: string
  clientNonce: string
  expiresAtMs: number
}

export const OIDC_REQUEST_TTL_MS = 10 * 60 * 1000

export class OidcRequestStore {
  readonly #pending = new Map<string, OidcRequest>()

  constructor(private readonly clock: Clock) {}

  add(request: Omit<OidcRequest, 'expiresAtMs'>): OidcRequest {
    this.#purge()
    const entry = { ...request, expiresAtMs: this.clock.now() + OIDC_REQUEST_TTL_MS }
    this.#pending.set(entry.state, entry)
    return entry
  }

  /** The pending request for `state`, removed; undefined when unknown or expired. */
  take(state: string): OidcRequest | undefined {
    this.#purge()
    const entry = this.#pending.get(state)
    this.#pending.delete(state)
    return entry
  }

  #purge(): void {
    const now = this.clock.now()
    for (const [state, entry] of this.#pending) if (entry.expiresAtMs <= now) this.#pending.delete(state)
  }
}

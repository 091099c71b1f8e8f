/** What one JWT/OIDC mount keeps in memory: fetched keys and pending OIDC logins. */
import { KeySourceCache } from './key-source.js'
import { OidcRequestStore } from './oidc-requests.js'
import type { Clock } from '../../../core/clock.js'

export interface JwtMountState {
  keys: KeySourceCache
  oidc: OidcRequestStore
}

export function createMountState(clock: Clock): JwtMountState {
  return { keys: new KeySourceCache(), oidc: new OidcRequestStore(clock) }
}

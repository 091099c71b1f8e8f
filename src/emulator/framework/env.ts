/** What a handler can reach: its mount's storage, the clock, the core's services. */
import type { Clock } from '../core/clock.js'
import type { Storage } from '../core/storage.js'
import type { MountEntry } from '../core/mounts.js'
import type { TokenEntry } from '../core/token-store.js'
import type { Core } from '../core/core.js'

export interface HandlerEnv {
  /** This mount's own storage space. */
  storage: Storage
  clock: Clock
  mount: MountEntry
  core: Core
  /** The caller's token, when the request carried a valid one. */
  token: TokenEntry | undefined
}

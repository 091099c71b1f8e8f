/** Root tokens as `sys/init`, dev mode and `sys/generate-root` create them. */
import type { Core } from '../core.js'
import { SYSTEM_MAX_TTL } from '../mounts.js'
import type { TokenEntry } from '../token-store.js'

/** An orphan token with the `root` policy, no TTL, display name `root`. */
export function createRootToken(core: Core, id: string): TokenEntry {
  return core.tokens.create({ id, policies: ['root'], path: 'auth/token/root', displayName: 'root', ttl: 0, mountMaxTtl: SYSTEM_MAX_TTL })
}

/**
 * Declaring a secrets engine or auth method: a table of paths plus the lists
 * of paths that need no token or need `sudo` (Vault's sdk/framework `Backend`).
 *
 * @example
 * export const userpass = defineBackend({
 *   kind: 'auth',
 *   unauthenticated: ['login/*'],
 *   paths: [usersPath, loginPath],
 * })
 */
import type { PathDefinition, CompiledPath } from './path.js'
import { compilePath } from './path.js'
import type { Core } from '../core/core.js'
import type { MountEntry } from '../core/mounts.js'
import type { Storage } from '../core/storage.js'
import type { LeaseRecord } from '../core/leases.js'
import type { TokenEntry } from '../core/token-store.js'

export type BackendKind = 'secret' | 'auth' | 'system'

/** What a backend instance is given when its mount is created. */
export interface BackendSetup {
  core: Core
  mount: MountEntry
  storage: Storage
}

/** Lease hooks: what revoking or renewing a secret of this backend does. */
export interface SecretHooks {
  revoke(lease: LeaseRecord, setup: BackendSetup): Promise<void>
  renew?(lease: LeaseRecord, ttl: number, setup: BackendSetup): Promise<void>
}

/**
 * The limits a login token is renewed under, read from its role or user as
 * they are now (Vault's `AuthRenew` answer: `TTL`, `MaxTTL`, `Period`).
 * Durations in seconds; 0 means "the mount's value" (period: not periodic).
 */
export interface LoginRenewal {
  ttl: number
  maxTtl: number
  period: number
}

/**
 * An auth method's say on renewing one of its login tokens: the limits to
 * renew under, `undefined` to decline quietly (Vault then answers 204 and the
 * token keeps its expiry), or a thrown VaultError to refuse.
 *
 * @example
 * renewLogin: (token, { storage }) => {
 *   const role = readRole(storage, token.meta?.role_name ?? '')
 *   if (!role) throw internalError(`failed to renew entry: role "x" does not exist during renewal`)
 *   return { ttl: role.token_ttl, maxTtl: role.token_max_ttl, period: role.token_period }
 * }
 */
export type LoginRenewHook = (
  token: TokenEntry,
  setup: BackendSetup,
) => Promise<LoginRenewal | undefined> | LoginRenewal | undefined

export interface BackendInstance {
  paths: PathDefinition[]
  secrets?: Record<string, SecretHooks>
  /** Runs when the mount is removed or the emulator stops. */
  cleanup?(): Promise<void>
}

export interface BackendDefinition {
  kind: BackendKind
  /** Paths answered without a token; a trailing `*` is a prefix glob. */
  unauthenticated?: string[]
  /** Paths that need `sudo` on top of the operation's capability (Vault's root paths). */
  sudo?: string[]
  /** Static path table, or a factory for backends with per-mount state. */
  paths?: PathDefinition[]
  create?(setup: BackendSetup): BackendInstance
  /** Auth methods: checked on every renewal of a token this mount's logins issued. */
  renewLogin?: LoginRenewHook
}

export interface Backend {
  readonly kind: BackendKind
  readonly paths: readonly CompiledPath[]
  readonly secrets: Readonly<Record<string, SecretHooks>>
  isUnauthenticated(relative: string): boolean
  isSudo(relative: string): boolean
  /** Present when the method re-checks its login tokens on renewal (see {@link LoginRenewHook}). */
  renewLogin?(token: TokenEntry): Promise<LoginRenewal | undefined>
  cleanup(): Promise<void>
}

export type BackendFactory = (setup: BackendSetup) => Backend

function globMatcher(patterns: readonly string[]): (relative: string) => boolean {
  const exact = new Set<string>()
  const prefixes: string[] = []
  for (const p of patterns) {
    if (p.endsWith('*')) prefixes.push(p.slice(0, -1))
    else exact.add(p)
  }
  return (relative) => exact.has(relative) || prefixes.some((p) => relative.startsWith(p))
}

export function defineBackend(definition: BackendDefinition): BackendFactory {
  const isUnauthenticated = globMatcher(definition.unauthenticated ?? [])
  const isSudo = globMatcher(definition.sudo ?? [])
  const staticPaths = definition.paths?.map(compilePath)
  return (setup) => {
    const instance = definition.create?.(setup)
    const paths = staticPaths ?? instance?.paths.map(compilePath) ?? []
    const renewLogin = definition.renewLogin
    return {
      kind: definition.kind,
      paths,
      secrets: instance?.secrets ?? {},
      isUnauthenticated,
      isSudo,
      ...(renewLogin ? { renewLogin: async (token: TokenEntry) => renewLogin(token, setup) } : {}),
      cleanup: async () => {
        await instance?.cleanup?.()
      },
    }
  }
}

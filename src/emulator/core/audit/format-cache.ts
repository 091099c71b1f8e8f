/**
 * One device's cache of audit JSON that repeats from request to request: the
 * `auth` block and token fields of a caller, the mount fields of a mount, the
 * data of stored secrets (which never change while their object lives).
 * Everything here is derived only from what it is keyed and checked by, so a
 * hit writes exactly the bytes a fresh formatting would.
 */
import type { MountEntry } from '../mounts.js'
import type { FrozenJsonCache } from './hash-data.js'
import type { CallerFacts } from './format-entry.js'

/** A caller's formatted parts and the facts they were formatted from. */
export interface CallerParts {
  /** Undefined for a refused token (never kept). */
  readonly facts: CallerFacts | undefined
  /** Checked separately: the token's fields are a fresh copy per request. */
  readonly accessor: string | undefined
  readonly displayName: string | undefined
  readonly entityId: string | undefined
  readonly meta: object | null | undefined
  readonly policies: readonly string[] | undefined
  readonly ttl: number | undefined
  readonly type: string | undefined
  /** The `auth` object. */
  readonly auth: string
  readonly clientToken: string | undefined
  readonly clientTokenAccessor: string | undefined
  /** `request`'s `client_id`, `client_token` and `client_token_accessor` fields (no braces). */
  readonly requestFields: string
}

/** A mount's fields in the `request` and `response` objects (no braces). */
export interface MountParts {
  /** `request` of an entry written after routing: all five fields. */
  routedRequest: string
  /** `request` of a read's request entry: Vault has not filled accessor and mount point yet. */
  unroutedRequest: string
  response: string
}

/** Callers kept per device: tokens repeat, but an emulator that sees many need not hold them all. */
const CALLER_LIMIT = 1024

function sameCaller(cached: CallerParts, facts: CallerFacts): boolean {
  const a = cached.facts
  if (a === undefined) return false
  if (a.policyResults !== facts.policyResults || a.remainingUses !== facts.remainingUses || a.issueTime !== facts.issueTime || a.clientId !== facts.clientId) return false
  const token = facts.token
  if (token === undefined) return a.token === undefined
  return (
    a.token !== undefined &&
    cached.accessor === token.accessor &&
    cached.displayName === token.display_name &&
    cached.entityId === token.entity_id &&
    cached.meta === token.meta &&
    cached.policies === token.policies &&
    cached.ttl === (token.lease_ttl ?? token.creation_ttl) &&
    cached.type === token.type
  )
}

export class FormatCache {
  readonly frozenJson: FrozenJsonCache = new WeakMap()
  readonly #mounts = new WeakMap<MountEntry, MountParts>()
  /** By the client token as sent. */
  readonly #callers = new Map<string, CallerParts>()

  mount(entry: MountEntry, build: (entry: MountEntry) => MountParts): MountParts {
    let parts = this.#mounts.get(entry)
    if (parts === undefined) {
      parts = build(entry)
      this.#mounts.set(entry, parts)
    }
    return parts
  }

  caller(clientToken: string, facts: CallerFacts, build: () => CallerParts): CallerParts {
    const cached = this.#callers.get(clientToken)
    if (cached !== undefined && sameCaller(cached, facts)) return cached
    const parts = build()
    if (this.#callers.size >= CALLER_LIMIT) this.#callers.clear()
    this.#callers.set(clientToken, parts)
    return parts
  }
}

// API: https://developer.hashicorp.com/vault/api-docs/auth/token#lookup-a-token
import { definePath } from '../../../framework/path.js'
import type { RequestContext } from '../../../framework/path.js'
import { field } from '../../../framework/fields.js'
import { VaultError, invalidRequest } from '../../../core/errors.js'
import type { TokenEntry } from '../../../core/token-store.js'
import { rfc3339 } from '../../../framework/time-format.js'

/** Tokens Vault never registered a lease for: the init / generate-root root token. */
function hasLease(entry: TokenEntry): boolean {
  return entry.path !== 'auth/token/root'
}

/**
 * Vault decrements a limited-use token before running the request, so a
 * token looking itself up already sees this use spent (the last one shows
 * as -1: revocation pending).
 */
function usesLeft(ctx: RequestContext, entry: TokenEntry): number {
  if (entry.num_uses <= 0 || ctx.token?.id !== entry.id) return entry.num_uses
  return entry.num_uses === 1 ? -1 : entry.num_uses - 1
}

/** The `data` of a token lookup, keys in Go's (alphabetical) order. */
export function lookupData(ctx: RequestContext, entry: TokenEntry): Record<string, unknown> {
  const tokens = ctx.core.tokens
  const data: Record<string, unknown> = {
    accessor: entry.accessor,
    creation_time: Math.floor(entry.creation_time_ms / 1000),
    creation_ttl: entry.creation_ttl,
    display_name: entry.display_name,
    entity_id: entry.entity_id,
    expire_time: null,
    explicit_max_ttl: entry.explicit_max_ttl,
    id: entry.id,
    meta: entry.meta,
    num_uses: usesLeft(ctx, entry),
    orphan: entry.parent === '',
    path: entry.path,
    policies: entry.policies,
    ttl: 0,
    type: entry.type,
  }
  if (entry.role !== '') data['role'] = entry.role
  if (entry.period !== 0) data['period'] = entry.period
  if (entry.bound_cidrs.length > 0) data['bound_cidrs'] = entry.bound_cidrs

  if (entry.type === 'batch') {
    // Batch tokens have no lease; Vault derives the times from the token itself.
    const issued = Math.floor(entry.creation_time_ms / 1000) * 1000
    data['issue_time'] = rfc3339(issued)
    if (entry.creation_ttl > 0) {
      data['expire_time'] = rfc3339(issued + entry.creation_ttl * 1000)
      data['ttl'] = tokens.ttl(entry)
    }
    data['renewable'] = false
  } else if (hasLease(entry)) {
    if (entry.last_renewal_ms !== null) {
      data['last_renewal_time'] = Math.floor(entry.last_renewal_ms / 1000)
      data['last_renewal'] = rfc3339(entry.last_renewal_ms)
    }
    if (entry.expire_time_ms > 0) {
      data['expire_time'] = rfc3339(entry.expire_time_ms)
      data['ttl'] = tokens.ttl(entry)
    }
    data['renewable'] = entry.expire_time_ms > 0 && !tokens.isExpired(entry) && entry.renewable
    data['issue_time'] = rfc3339(entry.creation_time_ms)
  }
  return Object.fromEntries(Object.entries(data).sort(([a], [b]) => (a < b ? -1 : 1)))
}

function lookupById(ctx: RequestContext, id: string): { data: Record<string, unknown> } {
  if (id === '') throw invalidRequest('missing token ID')
  const entry = ctx.core.tokens.lookup(id)
  // An explicit 403 with Vault's own text, not the generic "permission denied".
  if (!entry) throw new VaultError('permission-denied', 'bad token')
  return { data: lookupData(ctx, entry) }
}

const tokenField = { token: field.string({ doc: 'Token to look up; default: the calling token.', sensitive: true }) }

export const lookupSelfPath = definePath({
  pattern: 'lookup-self',
  fields: { token: field.string({ doc: 'Ignored: the calling token is looked up.', sensitive: true }) },
  operations: {
    read: (ctx) => lookupById(ctx, ctx.token?.id ?? ''),
    update: (ctx) => lookupById(ctx, ctx.token?.id ?? ''),
  },
  synopsis: 'Look up the calling token.',
})

export const lookupPath = definePath({
  pattern: 'lookup',
  fields: tokenField,
  operations: {
    read: (ctx) => lookupById(ctx, ctx.data.token || (ctx.token?.id ?? '')),
    update: (ctx) => lookupById(ctx, ctx.data.token || (ctx.token?.id ?? '')),
  },
  synopsis: 'Look up a token.',
})

export const lookupAccessorPath = definePath({
  pattern: 'lookup-accessor',
  fields: { accessor: field.string({ doc: 'Accessor of the token to look up.' }) },
  operations: {
    update: (ctx) => {
      if (ctx.data.accessor === '') throw invalidRequest('missing accessor')
      const entry = ctx.core.tokens.lookupAccessor(ctx.data.accessor)
      if (!entry) throw invalidRequest('invalid accessor')
      // The accessor exists so the token can be managed without being known.
      return { data: { ...lookupData(ctx, entry), id: '' } }
    },
  },
  synopsis: 'Look up a token by its accessor.',
})

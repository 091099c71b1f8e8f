// API: https://developer.hashicorp.com/vault/api-docs/auth/token#renew-a-token
import { definePath } from '../../../framework/path.js'
import type { RequestContext } from '../../../framework/path.js'
import { field } from '../../../framework/fields.js'
import { calculateTtl } from '../../../framework/ttl.js'
import { internalError, invalidRequest } from '../../../core/errors.js'
import type { LogicalResponse } from '../../../core/request.js'
import type { TokenEntry } from '../../../core/token-store.js'
import { readRole } from './path-roles.js'

/**
 * Renew a token (Vault's ExpirationManager.RenewToken plus the token
 * store's renew hook). The hard limit always counts from the issue time.
 */
export async function renewToken(ctx: RequestContext, entry: TokenEntry, increment: number): Promise<LogicalResponse | undefined> {
  if (entry.type === 'batch') throw invalidRequest('batch tokens cannot be renewed')
  // Non-expiring (root) tokens have no expiry to move.
  if (entry.expire_time_ms === 0 || !entry.renewable) throw invalidRequest('lease is not renewable')

  const fromTokenMount = entry.path.startsWith('auth/token/')
  let period = entry.period
  let explicitMax = entry.explicit_max_ttl
  if (fromTokenMount && entry.role !== '') {
    // Token-role tokens follow the role's current limits, and stop renewing when it is gone.
    const role = readRole(ctx.storage, entry.role)
    if (!role) {
      throw internalError(`failed to renew entry: original token role ${JSON.stringify(entry.role)} could not be found, not renewing`)
    }
    period = role.token_period
    explicitMax = role.token_explicit_max_ttl
  }

  // Limits come from the mount that issued the token (login tokens: their auth mount).
  const issuerMount = ctx.core.mounts.match(entry.path)
  const issuer = issuerMount?.entry ?? ctx.mount
  let backendTtl = entry.lease_ttl ?? entry.creation_ttl
  // Logins record their role's max at issue; token-store tokens have none.
  let backendMaxTtl = fromTokenMount ? 0 : entry.mount_max_ttl
  if (!fromTokenMount && issuerMount?.backend.renewLogin) {
    // The auth method re-checks its role or user and answers with its current limits (Vault's AuthRenew).
    const limits = await issuerMount.backend.renewLogin(entry)
    if (!limits) return undefined
    backendTtl = limits.ttl
    backendMaxTtl = limits.maxTtl
    period = limits.period
  }
  const { ttl, warnings } = calculateTtl({
    increment,
    backendTtl,
    period,
    backendMaxTtl,
    explicitMaxTtl: explicitMax,
    mount: ctx.core.mountTtls(issuer),
    startMs: entry.creation_time_ms,
    nowMs: ctx.clock.now(),
  })
  ctx.core.tokens.setExpiry(entry, ttl)
  return { auth: ctx.core.tokens.authBlock(entry), ...(warnings.length > 0 ? { warnings } : {}) }
}

function renewById(ctx: RequestContext, id: string, increment: number): Promise<LogicalResponse | undefined> {
  if (id === '') throw invalidRequest('missing token ID')
  const entry = ctx.core.tokens.lookup(id)
  if (!entry) throw invalidRequest('token not found')
  return renewToken(ctx, entry, increment)
}

const incrementField = {
  increment: field.durationSeconds({ doc: 'Requested TTL extension; default: the TTL granted last time.' }),
}

export const renewSelfPath = definePath({
  pattern: 'renew-self',
  fields: { ...incrementField, token: field.string({ doc: 'Ignored: the calling token is renewed.', sensitive: true }) },
  operations: {
    update: (ctx) => renewById(ctx, ctx.token?.id ?? '', ctx.data.increment),
  },
  synopsis: 'Renew the calling token.',
})

export const renewPath = definePath({
  pattern: 'renew',
  fields: { ...incrementField, token: field.string({ doc: 'Token to renew.', sensitive: true }) },
  operations: {
    update: (ctx) => renewById(ctx, ctx.data.token, ctx.data.increment),
  },
  synopsis: 'Renew a token.',
})

/** Pre-1.0 form with the token in the URL (Vault ≥ 1.0 only routes the body form). */
export const renewUrlPath = definePath({
  pattern: 'renew/:token',
  fields: { ...incrementField, token: field.string({ doc: 'Token to renew.', sensitive: true }) },
  operations: {
    update: (ctx) => renewById(ctx, ctx.data.token, ctx.data.increment),
  },
  synopsis: 'Renew a token named in the path (legacy).',
})

export const renewAccessorPath = definePath({
  pattern: 'renew-accessor',
  fields: { ...incrementField, accessor: field.string({ doc: 'Accessor of the token to renew.' }) },
  operations: {
    update: async (ctx) => {
      if (ctx.data.accessor === '') throw invalidRequest('missing accessor')
      const entry = ctx.core.tokens.lookupAccessor(ctx.data.accessor)
      if (!entry) throw invalidRequest('invalid accessor')
      const response = await renewToken(ctx, entry, ctx.data.increment)
      // The caller holds only the accessor, so the token itself is not disclosed.
      return response?.auth ? { ...response, auth: { ...response.auth, client_token: '' } } : response
    },
  },
  synopsis: 'Renew a token by its accessor.',
})

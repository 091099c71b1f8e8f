// API: https://developer.hashicorp.com/vault/api-docs/auth/token#revoke-a-token
import { definePath } from '../../../framework/path.js'
import type { RequestContext } from '../../../framework/path.js'
import { field } from '../../../framework/fields.js'
import { invalidRequest } from '../../../core/errors.js'
import type { LogicalResponse } from '../../../core/request.js'
import { callerHasSudo } from './token-policies.js'

/** Revoke a token, its descendants and (through the store's listeners) their leases. Unknown tokens are fine. */
async function revokeTree(ctx: RequestContext, id: string): Promise<undefined> {
  const entry = ctx.core.tokens.lookup(id)
  if (!entry) return undefined
  if (entry.type === 'batch') throw invalidRequest('batch tokens cannot be revoked')
  await ctx.core.tokens.revokeTree(entry.id)
  return undefined
}

export const revokePath = definePath({
  pattern: 'revoke',
  fields: { token: field.string({ doc: 'Token to revoke.', sensitive: true }) },
  operations: {
    update: (ctx) => {
      if (ctx.data.token === '') throw invalidRequest('missing token ID')
      return revokeTree(ctx, ctx.data.token)
    },
  },
  synopsis: 'Revoke a token and all its children.',
})

export const revokeSelfPath = definePath({
  pattern: 'revoke-self',
  operations: {
    update: (ctx) => revokeTree(ctx, ctx.token?.id ?? ''),
  },
  synopsis: 'Revoke the calling token and all its children.',
})

export const revokeAccessorPath = definePath({
  pattern: 'revoke-accessor',
  fields: { accessor: field.string({ doc: 'Accessor of the token to revoke.' }) },
  operations: {
    update: async (ctx): Promise<LogicalResponse | undefined> => {
      if (ctx.data.accessor === '') throw invalidRequest('missing accessor')
      const entry = ctx.core.tokens.lookupAccessor(ctx.data.accessor)
      if (!entry) return { warnings: ['No token found with this accessor'] }
      await ctx.core.tokens.revokeTree(entry.id)
      return undefined
    },
  },
  synopsis: 'Revoke a token and its children by accessor.',
})

export const revokeOrphanPath = definePath({
  pattern: 'revoke-orphan',
  fields: { token: field.string({ doc: 'Token to revoke; its children become orphans.', sensitive: true }) },
  operations: {
    update: async (ctx) => {
      if (ctx.data.token === '') throw invalidRequest('missing token ID')
      // Not a sudo path in Vault's table: the handler checks, with its own message.
      if (!callerHasSudo(ctx)) throw invalidRequest('root or sudo privileges required to revoke and orphan')
      const entry = ctx.core.tokens.lookup(ctx.data.token)
      if (!entry) throw invalidRequest('token to revoke not found')
      if (entry.type === 'batch') throw invalidRequest('batch tokens cannot be revoked')
      await ctx.core.tokens.revokeOrphan(entry.id)
      return undefined
    },
  },
  synopsis: 'Revoke a token, leaving its children as orphans.',
})

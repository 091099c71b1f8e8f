// API: https://developer.hashicorp.com/vault/api-docs/system/capabilities
import { definePath } from '../../framework/path.js'
import type { RequestContext } from '../../framework/path.js'
import { field } from '../../framework/fields.js'
import { invalidRequest } from '../../core/errors.js'
import type { TokenEntry } from '../../core/token-store.js'

const pathFields = {
  paths: field.commaList({ doc: 'Paths to check.' }),
  path: field.commaList({ doc: 'Deprecated: one path (or a comma list).' }),
}

function answer(ctx: RequestContext, token: TokenEntry, paths: string[]): { data: Record<string, unknown> } {
  if (paths.length === 0) throw invalidRequest('paths must be supplied')
  const acl = ctx.core.policies.acl(token.policies)
  const data: Record<string, unknown> = {}
  for (const raw of paths) {
    const path = raw.replace(/^\/+/, '')
    data[raw] = acl.root ? ['root'] : acl.capabilities(path)
  }
  if (paths.length === 1) data['capabilities'] = data[paths[0] as string]
  return { data }
}

function requestedPaths(data: { paths: string[]; path: string[] }): string[] {
  return data.paths.length > 0 ? data.paths : data.path
}

export const capabilitiesPath = definePath({
  pattern: 'capabilities',
  fields: { ...pathFields, token: field.string({ doc: 'Token to check.', sensitive: true }) },
  operations: {
    update: (ctx) => {
      const token = ctx.core.tokens.lookup(ctx.data.token)
      if (!token) throw invalidRequest('invalid token')
      return answer(ctx, token, requestedPaths(ctx.data))
    },
  },
})

export const capabilitiesSelfPath = definePath({
  pattern: 'capabilities-self',
  fields: { ...pathFields, token: field.string({ doc: 'Ignored; the caller token is used.', sensitive: true }) },
  operations: {
    update: (ctx) => {
      if (!ctx.token) throw invalidRequest('invalid token')
      return answer(ctx, ctx.token, requestedPaths(ctx.data))
    },
  },
})

export const capabilitiesAccessorPath = definePath({
  pattern: 'capabilities-accessor',
  fields: { ...pathFields, accessor: field.string({ doc: 'Accessor of the token to check.' }) },
  operations: {
    update: (ctx) => {
      if (ctx.data.accessor === '') throw invalidRequest('missing accessor')
      const token = ctx.core.tokens.lookupAccessor(ctx.data.accessor)
      if (!token) throw invalidRequest('invalid accessor')
      return answer(ctx, token, requestedPaths(ctx.data))
    },
  },
})

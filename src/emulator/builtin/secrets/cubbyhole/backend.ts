// API: https://developer.hashicorp.com/vault/api-docs/secret/cubbyhole
// Per-token private storage: every key lives under the caller's cubbyhole id,
// which the core wipes when the token is revoked or expires.
import { defineBackend } from '../../../framework/backend.js'
import { definePath } from '../../../framework/path.js'
import type { RequestContext } from '../../../framework/path.js'
import { field } from '../../../framework/fields.js'
import { internalError } from '../../../core/errors.js'
import type { Storage } from '../../../core/storage.js'

const fields = { path: field.string({ doc: 'Location of the secret.' }) }

/** The caller's own cubbyhole. The core refuses token-less requests first; this is a guard. */
function cubbyhole(ctx: Pick<RequestContext, 'storage' | 'token'>): Storage {
  if (!ctx.token) throw internalError('client token empty')
  return ctx.storage.sub(`${ctx.token.cubbyhole_id}/`)
}

const cubbyholePath = definePath({
  pattern: ':path*',
  fields,
  takesAnyField: true,
  // Runs before fields are parsed: the capture is in `raw`.
  existenceCheck: (ctx) => cubbyhole(ctx).get(String(ctx.raw['path'] ?? '')) !== undefined,
  operations: {
    read: (ctx) => {
      const store = cubbyhole(ctx)
      if (ctx.data.path === '') throw internalError('missing path')
      const secret = store.get<Record<string, unknown>>(ctx.data.path)
      return secret ? { data: secret } : undefined
    },
    update: (ctx) => {
      const store = cubbyhole(ctx)
      // Vault reports these as plain errors, hence 500s.
      if (Object.keys(ctx.req.data).length === 0) throw internalError('missing data fields')
      if (ctx.data.path === '') throw internalError('missing path')
      store.put(ctx.data.path, ctx.req.data)
      return undefined
    },
    delete: (ctx) => {
      cubbyhole(ctx).delete(ctx.data.path)
      return undefined
    },
    list: (ctx) => {
      const path = ctx.data.path
      const prefix = path === '' || path.endsWith('/') ? path : `${path}/`
      return { data: { keys: cubbyhole(ctx).list(prefix) } }
    },
  },
  synopsis: 'Pass-through secret storage, private to each token.',
})

export const cubbyholeBackend = defineBackend({ kind: 'secret', paths: [cubbyholePath] })

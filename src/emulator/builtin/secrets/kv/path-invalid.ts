// API: https://developer.hashicorp.com/vault/api-docs/secret/kv/kv-v2
// Anything on a KV v2 mount outside its API prefixes: a 404 whose envelope
// carries a hint, so `vault read secret/foo` tells the user to use `vault kv`.
import { definePath } from '../../../framework/path.js'
import type { Handler, PathDefinition, RequestContext } from '../../../framework/path.js'
import { field } from '../../../framework/fields.js'
import type { LogicalResponse, Operation } from '../../../core/request.js'

const API_ROOTS = new Set(['data', 'metadata', 'delete', 'undelete', 'destroy'])

const CLI_VERB: Record<Operation, string> = {
  create: 'put',
  update: 'put',
  patch: 'patch',
  read: 'get',
  header: 'get',
  list: 'list',
  delete: 'delete',
}

function relativePath(ctx: RequestContext): string {
  const { path } = ctx.req
  return path.length < ctx.mount.path.length ? '' : path.slice(ctx.mount.path.length)
}

/** The 404-with-warning Vault answers for paths no KV v2 endpoint serves. */
export function invalidPathResponse(ctx: RequestContext): LogicalResponse {
  if (API_ROOTS.has(relativePath(ctx))) {
    return { status: 404, warnings: ['Non-listing operations on the root of a K/V v2 mount are not supported.'] }
  }
  const verb = CLI_VERB[ctx.operation]
  return {
    status: 404,
    warnings: [
      `Invalid path for a versioned K/V secrets engine. See the API docs for the appropriate API endpoints to use. If using the Vault CLI, use 'vault kv ${verb}' for this operation.`,
    ],
  }
}

const handler: Handler = (ctx) => invalidPathResponse(ctx)
const operations = { read: handler, update: handler, patch: handler, delete: handler, list: handler }

/**
 * The bare API prefixes (`secret/data`, `secret/subkeys`...): matched before
 * the prefixed paths, whose `:path*` would otherwise take them.
 */
export const apiRootPaths: PathDefinition[] = ['data', 'metadata', 'delete', 'undelete', 'destroy', 'subkeys'].map(
  (root) => definePath({ pattern: root, takesAnyField: true, operations }),
)

/** Must stay last in the table. */
export const invalidPath = definePath({
  pattern: ':rest*',
  fields: { rest: field.string({ doc: 'Any path outside the KV v2 API.' }) },
  takesAnyField: true,
  operations,
})

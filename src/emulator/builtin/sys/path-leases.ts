// API: https://developer.hashicorp.com/vault/api-docs/system/leases
// The legacy sys/renew, sys/revoke, sys/revoke-prefix and sys/revoke-force aliases are
// still served: node-vault's revokePrefix() calls sys/revoke-prefix.
import { definePath } from '../../framework/path.js'
import type { PathDefinition, RequestContext } from '../../framework/path.js'
import { field } from '../../framework/fields.js'
import { internalError, invalidRequest } from '../../core/errors.js'
import type { LogicalResponse } from '../../core/request.js'
import type { LeaseRecord } from '../../core/leases.js'
import type { Core } from '../../core/core.js'
import { rfc3339 } from '../../framework/time-format.js'

const TIDY_WARNING = "Tidy operation successfully started. Any information from the operation will be printed to Vault's server logs."

function iso(ms: number | null): string | null {
  return ms === null || ms === 0 ? null : rfc3339(ms)
}

export function leaseLookupData(core: Core, lease: LeaseRecord): Record<string, unknown> {
  const data: Record<string, unknown> = {
    expire_time: iso(lease.expireTimeMs),
    id: lease.id,
    issue_time: iso(lease.issueTimeMs),
    last_renewal: iso(lease.lastRenewalMs),
    renewable: lease.renewable && lease.revokeError === undefined,
    ttl: core.expiration.ttl(lease),
  }
  if (lease.revokeError !== undefined) data['revoke_error'] = lease.revokeError
  return data
}

function leaseIdOf(ctx: RequestContext): string {
  const fromUrl = typeof ctx.raw['url_lease_id'] === 'string' ? ctx.raw['url_lease_id'] : ''
  const fromBody = typeof ctx.raw['lease_id'] === 'string' ? ctx.raw['lease_id'] : ''
  const id = (fromUrl || fromBody).replace(/^\/+/, '')
  if (id === '') throw invalidRequest('lease_id must be specified')
  return id
}

async function renew(ctx: RequestContext): Promise<LogicalResponse> {
  const id = leaseIdOf(ctx)
  if (id.startsWith('auth/')) throw invalidRequest('tokens cannot be renewed through this endpoint')
  const increment = typeof ctx.data['increment'] === 'number' ? ctx.data['increment'] : 0
  const { lease, warnings } = await ctx.core.expiration.renew(id, increment)
  return { data: null, lease: { leaseId: lease.id, ttl: ctx.core.expiration.ttl(lease), renewable: lease.renewable }, warnings }
}

async function revoke(ctx: RequestContext, mode: 'one' | 'prefix' | 'force'): Promise<LogicalResponse | undefined> {
  const sync = ctx.raw['sync'] === undefined ? true : ctx.data['sync'] === true
  const work = async (): Promise<void> => {
    try {
      if (mode === 'one') await ctx.core.expiration.revoke(leaseIdOf(ctx))
      else await ctx.core.expiration.revokePrefix(String(ctx.raw['prefix'] ?? ''), { force: mode === 'force' })
    } catch (err) {
      throw internalError(`failed to revoke entry: ${err instanceof Error ? err.message : String(err)}`)
    }
  }
  if (!sync) {
    work().catch((err: unknown) => ctx.core.log(`[vault-emu] asynchronous revocation failed: ${err instanceof Error ? err.message : String(err)}`))
    return { status: 202, data: null, warnings: [] }
  }
  await work()
  return undefined
}

const incrementField = { increment: field.durationSeconds({ doc: 'Requested extension, e.g. "1h" (0 = the backend default).' }) }
const leaseFields = { lease_id: field.string({ doc: 'The lease id.' }), url_lease_id: field.string({ doc: 'The lease id, in the path.' }) }
const syncField = { sync: field.bool({ doc: 'Wait for the revocation to finish (default true).', default: true }) }

function renewPaths(base: string): PathDefinition[] {
  return [
    definePath({ pattern: base, fields: { ...leaseFields, ...incrementField }, operations: { update: renew } }),
    definePath({ pattern: `${base}/:url_lease_id+`, fields: { ...leaseFields, ...incrementField }, operations: { update: renew } }),
  ]
}

function revokePaths(base: string): PathDefinition[] {
  return [
    definePath({ pattern: base, fields: { ...leaseFields, ...syncField }, operations: { update: (ctx) => revoke(ctx, 'one') } }),
    definePath({ pattern: `${base}/:url_lease_id+`, fields: { ...leaseFields, ...syncField }, operations: { update: (ctx) => revoke(ctx, 'one') } }),
  ]
}

function prefixPaths(base: string, mode: 'prefix' | 'force'): PathDefinition[] {
  return [
    definePath({
      pattern: `${base}/:prefix+`,
      fields: { prefix: field.string({ doc: 'Lease id prefix (whole path segments).' }), ...syncField },
      operations: { update: (ctx) => revoke(ctx, mode) },
    }),
  ]
}

export const leasePaths: PathDefinition[] = [
  definePath({
    pattern: 'leases/lookup',
    fields: { lease_id: field.string({ doc: 'The lease id.' }) },
    operations: {
      update: ({ core, data }) => {
        if (data.lease_id === '') throw invalidRequest('lease_id must be specified')
        const lease = core.expiration.get(data.lease_id.replace(/^\/+/, ''))
        if (!lease) throw invalidRequest('invalid lease')
        return { data: leaseLookupData(core, lease) }
      },
    },
  }),
  definePath({
    pattern: 'leases/lookup/:prefix*',
    fields: { prefix: field.string({ doc: 'Prefix to list.' }) },
    operations: { list: ({ core, data }) => ({ data: { keys: core.expiration.list(data.prefix) } }) },
  }),
  ...renewPaths('leases/renew'),
  ...revokePaths('leases/revoke'),
  ...prefixPaths('leases/revoke-prefix', 'prefix'),
  ...prefixPaths('leases/revoke-force', 'force'),
  definePath({ pattern: 'leases/tidy', operations: { update: () => ({ status: 202, data: null, warnings: [TIDY_WARNING] }) } }),
  definePath({
    pattern: 'leases/count',
    fields: { type: field.string({ doc: 'Only "irrevocable" is supported.' }), include_child_namespaces: field.bool({ doc: 'Ignored.' }) },
    operations: {
      read: ({ core, data }) => {
        if (data.type !== 'irrevocable') throw invalidRequest(`invalid type ${JSON.stringify(data.type)}`)
        const leases = core.expiration.irrevocable()
        const counts: Record<string, number> = {}
        for (const l of leases) counts[l.mountPath] = (counts[l.mountPath] ?? 0) + 1
        return { data: { lease_count: leases.length, counts } }
      },
    },
  }),
  definePath({
    pattern: 'leases',
    fields: { type: field.string({ doc: 'Only "irrevocable" is supported.' }), include_child_namespaces: field.bool({ doc: 'Ignored.' }), limit: field.string({ doc: 'Ignored.' }) },
    operations: {
      read: ({ core }) => ({
        data: {
          lease_count: core.expiration.irrevocable().length,
          leases: core.expiration.irrevocable().map((l) => ({ lease_id: l.id, mount_id: l.mountPath, error: l.revokeError, expire_time: iso(l.expireTimeMs) })),
        },
      }),
    },
  }),
  ...renewPaths('renew'),
  ...revokePaths('revoke'),
  ...prefixPaths('revoke-prefix', 'prefix'),
  ...prefixPaths('revoke-force', 'force'),
]

// API: https://developer.hashicorp.com/vault/api-docs/auth/approle#read-update-or-delete-approle-properties
/**
 * One endpoint per role property (`role/<name>/secret-id-ttl`...), each with
 * read, update and delete (= back to the default). Updating a missing role
 * is a 404; an update that does not send the field is `missing <field>`.
 */
import { definePath } from '../../../framework/path.js'
import type { PathDefinition, RequestContext } from '../../../framework/path.js'
import { field } from '../../../framework/fields.js'
import type { FieldSpecs } from '../../../framework/fields.js'
import { CidrError, parseCidrs } from '../../../core/cidr.js'
import { formatGoDuration } from '../../../core/duration.js'
import { invalidRequest, unsupportedPath } from '../../../core/errors.js'
import { sanitizePolicies } from '../../../framework/policy-names.js'
import { routedName } from '../generic-name.js'
import { validateBlocks } from './cidr-blocks.js'
import { readRole, saveRole } from './role-store.js'
import type { RoleEntry } from './role-store.js'

interface RoleFieldEndpoint {
  suffix: string
  fields: FieldSpecs
  read: (role: RoleEntry) => Record<string, unknown>
  /** Changes the role; omitted for read-only properties. */
  update?: (role: RoleEntry, ctx: RequestContext) => void
  /** What delete sets; omitted for read-only properties. */
  reset?: (role: RoleEntry) => void
}

function num(ctx: RequestContext, name: string): number {
  const v = ctx.data[name]
  return typeof v === 'number' ? v : 0
}

function list(ctx: RequestContext, name: string): string[] {
  const v = ctx.data[name]
  return Array.isArray(v) ? v.filter((i): i is string => typeof i === 'string') : []
}

function required(ctx: RequestContext, name: string): void {
  if (!ctx.has(name)) throw invalidRequest(`missing ${name}`)
}

function roleFieldPath(endpoint: RoleFieldEndpoint): PathDefinition {
  const { update, reset } = endpoint
  return definePath({
    pattern: `role/:role_name/${endpoint.suffix}`,
    fields: { role_name: field.string({ doc: 'Name of the role.' }), ...endpoint.fields },
    operations: {
      read: (ctx) => {
        const role = readRole(ctx.storage, routedName(String(ctx.data['role_name'])))
        return role ? { data: endpoint.read(role) } : undefined
      },
      ...(update && {
        update: (ctx: RequestContext) => {
          const role = readRole(ctx.storage, routedName(String(ctx.data['role_name'])))
          if (!role) throw unsupportedPath()
          update(role, ctx)
          saveRole(ctx.storage, role, '')
          return undefined
        },
      }),
      ...(reset && {
        delete: (ctx: RequestContext) => {
          const role = readRole(ctx.storage, routedName(String(ctx.data['role_name'])))
          if (!role) return undefined
          reset(role)
          saveRole(ctx.storage, role, '')
          return undefined
        },
      }),
    },
    synopsis: `Read, update or reset the role's ${endpoint.suffix}.`,
  })
}

function checkPeriod(role: RoleEntry, ctx: RequestContext): void {
  const mountMax = ctx.core.mountTtls(ctx.mount).maxTtl
  if (role.legacy.period > mountMax) {
    throw invalidRequest(
      `period of ${JSON.stringify(formatGoDuration(role.legacy.period))} is greater than the backend's maximum lease TTL of ${JSON.stringify(formatGoDuration(mountMax))}`,
    )
  }
}

const durationField = (doc: string) => field.durationSeconds({ doc })
const intField = (doc: string) => field.int({ doc })

export const roleFieldPaths: PathDefinition[] = [
  roleFieldPath({
    suffix: 'policies',
    fields: { token_policies: field.commaList({ doc: 'Token policies.' }), policies: field.commaList({ doc: "Deprecated: use 'token_policies'." }) },
    read: (role) => ({ token_policies: role.token.token_policies, ...(role.legacy.policies.length > 0 ? { policies: role.legacy.policies } : {}) }),
    update: (role, ctx) => {
      if (!ctx.has('token_policies') && !ctx.has('policies')) throw invalidRequest('missing token_policies')
      const policies = sanitizePolicies(list(ctx, ctx.has('token_policies') ? 'token_policies' : 'policies'), false)
      role.token.token_policies = policies
      role.legacy.policies = ctx.has('policies') ? policies : []
    },
    reset: (role) => {
      role.token.token_policies = []
      role.legacy.policies = []
    },
  }),
  roleFieldPath({
    suffix: 'secret-id-bound-cidrs',
    fields: { secret_id_bound_cidrs: field.commaList({ doc: 'CIDR blocks logins may come from.' }) },
    read: (role) => ({ secret_id_bound_cidrs: role.secret_id_bound_cidrs }),
    update: (role, ctx) => {
      const cidrs = list(ctx, 'secret_id_bound_cidrs')
      if (cidrs.length === 0) throw invalidRequest('missing bound_cidr_list')
      try {
        validateBlocks(cidrs)
      } catch (err) {
        if (err instanceof CidrError) throw invalidRequest(`failed to validate CIDR blocks: ${err.message}`)
        throw err
      }
      role.secret_id_bound_cidrs = cidrs
    },
    reset: (role) => {
      role.secret_id_bound_cidrs = null
    },
  }),
  roleFieldPath({
    suffix: 'token-bound-cidrs',
    fields: { token_bound_cidrs: field.commaList({ doc: 'CIDR blocks the tokens may be used from.' }) },
    read: (role) => ({ token_bound_cidrs: role.token.token_bound_cidrs }),
    update: (role, ctx) => {
      if (!ctx.has('token_bound_cidrs')) return
      const cidrs = list(ctx, 'token_bound_cidrs')
      try {
        parseCidrs(cidrs)
      } catch (err) {
        if (err instanceof CidrError) throw invalidRequest(`failed to parse token_bound_cidrs: ${err.message}`)
        throw err
      }
      role.token.token_bound_cidrs = cidrs
    },
    reset: (role) => {
      role.token.token_bound_cidrs = []
    },
  }),
  roleFieldPath({
    suffix: 'bind-secret-id',
    fields: { bind_secret_id: field.bool({ doc: 'Require a secret_id at login.', default: true }) },
    read: (role) => ({ bind_secret_id: role.bind_secret_id }),
    update: (role, ctx) => {
      required(ctx, 'bind_secret_id')
      role.bind_secret_id = ctx.data['bind_secret_id'] === true
    },
    reset: (role) => {
      role.bind_secret_id = true
    },
  }),
  roleFieldPath({
    suffix: 'secret-id-num-uses',
    fields: { secret_id_num_uses: intField('Uses of each secret ID (0 = unlimited).') },
    read: (role) => ({ secret_id_num_uses: role.secret_id_num_uses }),
    update: (role, ctx) => {
      required(ctx, 'secret_id_num_uses')
      const uses = num(ctx, 'secret_id_num_uses')
      if (uses < 0) throw invalidRequest('secret_id_num_uses cannot be negative')
      role.secret_id_num_uses = uses
    },
    reset: (role) => {
      role.secret_id_num_uses = 0
    },
  }),
  roleFieldPath({
    suffix: 'secret-id-ttl',
    fields: { secret_id_ttl: durationField('Lifetime of each secret ID (0 = no expiry).') },
    read: (role) => ({ secret_id_ttl: role.secret_id_ttl }),
    update: (role, ctx) => {
      required(ctx, 'secret_id_ttl')
      role.secret_id_ttl = num(ctx, 'secret_id_ttl')
    },
    reset: (role) => {
      role.secret_id_ttl = 0
    },
  }),
  roleFieldPath({
    suffix: 'period',
    fields: { token_period: durationField('Token period.'), period: durationField("Deprecated: use 'token_period'.") },
    read: (role) => ({ token_period: role.token.token_period, ...(role.legacy.period !== 0 ? { period: role.legacy.period } : {}) }),
    update: (role, ctx) => {
      if (!ctx.has('token_period') && !ctx.has('period')) throw invalidRequest('missing period')
      const period = num(ctx, ctx.has('token_period') ? 'token_period' : 'period')
      role.token.token_period = period
      role.legacy.period = ctx.has('period') ? period : 0
      checkPeriod(role, ctx)
    },
    reset: (role) => {
      role.token.token_period = 0
      role.legacy.period = 0
    },
  }),
  roleFieldPath({
    suffix: 'token-num-uses',
    fields: { token_num_uses: intField('Use limit of the tokens (0 = unlimited).') },
    read: (role) => ({ token_num_uses: role.token.token_num_uses }),
    update: (role, ctx) => {
      required(ctx, 'token_num_uses')
      role.token.token_num_uses = num(ctx, 'token_num_uses')
    },
    reset: (role) => {
      role.token.token_num_uses = 0
    },
  }),
  roleFieldPath({
    suffix: 'token-ttl',
    fields: { token_ttl: durationField('TTL of the tokens.') },
    read: (role) => ({ token_ttl: role.token.token_ttl }),
    update: (role, ctx) => {
      required(ctx, 'token_ttl')
      role.token.token_ttl = num(ctx, 'token_ttl')
      if (role.token.token_max_ttl > 0 && role.token.token_ttl > role.token.token_max_ttl) {
        throw invalidRequest('token_ttl should not be greater than token_max_ttl')
      }
    },
    reset: (role) => {
      role.token.token_ttl = 0
    },
  }),
  roleFieldPath({
    suffix: 'token-max-ttl',
    fields: { token_max_ttl: durationField('Max TTL of the tokens.') },
    read: (role) => ({ token_max_ttl: role.token.token_max_ttl }),
    update: (role, ctx) => {
      required(ctx, 'token_max_ttl')
      role.token.token_max_ttl = num(ctx, 'token_max_ttl')
      if (role.token.token_max_ttl > 0 && role.token.token_ttl > role.token.token_max_ttl) {
        throw invalidRequest('token_max_ttl should be greater than or equal to token_ttl')
      }
    },
    reset: (role) => {
      role.token.token_max_ttl = 0
    },
  }),
  roleFieldPath({
    suffix: 'local-secret-ids',
    fields: {},
    read: (role) => ({ local_secret_ids: role.local_secret_ids }),
  }),
]

// API: https://developer.hashicorp.com/vault/api-docs/auth/approle#create-update-approle
import { definePath } from '../../../framework/path.js'
import type { RequestContext } from '../../../framework/path.js'
import { field } from '../../../framework/fields.js'
import { parseTokenParams, tokenFields, tokenParamsResponse } from '../../../framework/token-fields.js'
import { internalError, invalidRequest } from '../../../core/errors.js'
import { CidrError } from '../../../core/cidr.js'
import { formatGoDuration } from '../../../core/duration.js'
import { uuid } from '../../../core/ids.js'
import { routedName } from '../generic-name.js'
import { upgradedLegacy } from '../legacy-token-fields.js'
import { validateBlocks } from './cidr-blocks.js'
import { deleteRole, hasConstraint, listRoles, newRole, readRole, saveRole } from './role-store.js'
import type { RoleEntry } from './role-store.js'

const roleFields = {
  role_name: field.string({ doc: 'Name of the role (stored lower-cased).' }),
  bind_secret_id: field.bool({ doc: 'Require a secret_id at login.', default: true }),
  secret_id_bound_cidrs: field.commaList({ doc: 'CIDR blocks logins may come from.' }),
  bound_cidr_list: field.commaList({ doc: "Deprecated: use 'secret_id_bound_cidrs'." }),
  secret_id_num_uses: field.int({ doc: 'Uses of each secret ID (0 = unlimited).' }),
  secret_id_ttl: field.durationSeconds({ doc: 'Lifetime of each secret ID (0 = no expiry).' }),
  role_id: field.string({ doc: 'A custom role_id (default: a UUID).' }),
  local_secret_ids: field.bool({ doc: 'Cluster-local secret IDs; only at creation.' }),
  ...tokenFields,
}

type RoleContext = RequestContext<typeof roleFields>

export const rolesListPath = definePath({
  pattern: 'role/',
  operations: {
    list: ({ storage }) => ({ data: { keys: listRoles(storage) } }),
  },
  synopsis: 'List AppRoles.',
})

/** The role as a read shows it (Go marshals map keys in sorted order). */
export function roleData(role: RoleEntry): Record<string, unknown> {
  const data: Record<string, unknown> = {
    bind_secret_id: role.bind_secret_id,
    local_secret_ids: role.local_secret_ids,
    secret_id_bound_cidrs: role.secret_id_bound_cidrs,
    secret_id_num_uses: role.secret_id_num_uses,
    secret_id_ttl: role.secret_id_ttl,
    ...tokenParamsResponse(role.token),
  }
  if (role.legacy.period !== 0) data['period'] = role.legacy.period
  if (role.legacy.policies.length > 0) data['policies'] = role.legacy.policies
  return Object.fromEntries(Object.entries(data).sort(([a], [b]) => (a < b ? -1 : 1)))
}

/** AppRole maps the `default-*` token types itself (tokenutil refuses them), with a warning. */
function tokenTypeBackcompat(ctx: RoleContext): RoleContext {
  const sent = ctx.data.token_type
  if (!ctx.has('token_type') || (sent !== 'default-service' && sent !== 'default-batch')) return ctx
  const mapped = sent === 'default-service' ? 'service' : 'batch'
  ctx.warn(`${sent} has no useful meaning; adjusting to ${mapped}`)
  return { ...ctx, data: { ...ctx.data, token_type: mapped } }
}

function checkCidrBlocks(blocks: readonly string[]): void {
  try {
    validateBlocks(blocks)
  } catch (err) {
    if (err instanceof CidrError) throw internalError(`failed to validate CIDR blocks: ${err.message}`)
    throw err
  }
}

function writeRole(ctx: RoleContext): undefined {
  const name = routedName(ctx.data.role_name)
  const existing = readRole(ctx.storage, name)
  const creating = existing === undefined
  const role: RoleEntry = existing ? structuredClone(existing) : newRole(name)

  role.token = parseTokenParams(tokenTypeBackcompat(ctx), role.token)
  if (ctx.has('local_secret_ids')) {
    if (!creating) throw invalidRequest('local_secret_ids can only be modified during role creation')
    role.local_secret_ids = ctx.data.local_secret_ids
  }
  const previousRoleId = role.role_id
  if (ctx.has('role_id')) role.role_id = ctx.data.role_id
  else if (creating) role.role_id = uuid()
  if (role.role_id === '') throw invalidRequest('invalid role_id supplied, or failed to generate a role_id')

  if (ctx.has('bind_secret_id')) role.bind_secret_id = ctx.data.bind_secret_id
  if (ctx.has('secret_id_bound_cidrs')) role.secret_id_bound_cidrs = ctx.data.secret_id_bound_cidrs
  else if (ctx.has('bound_cidr_list')) role.secret_id_bound_cidrs = ctx.data.bound_cidr_list
  if (role.secret_id_bound_cidrs && role.secret_id_bound_cidrs.length > 0) checkCidrBlocks(role.secret_id_bound_cidrs)

  if (ctx.has('secret_id_num_uses')) role.secret_id_num_uses = ctx.data.secret_id_num_uses
  if (role.secret_id_num_uses < 0) throw invalidRequest('secret_id_num_uses cannot be negative')
  if (ctx.has('secret_id_ttl')) role.secret_id_ttl = ctx.data.secret_id_ttl

  role.legacy = {
    policies: upgradedLegacy(ctx, { legacy: 'policies', current: 'token_policies' }, role.legacy.policies, role.token.token_policies, []),
    period: upgradedLegacy(ctx, { legacy: 'period', current: 'token_period' }, role.legacy.period, role.token.token_period, 0),
  }
  const mountMax = ctx.core.mountTtls(ctx.mount).maxTtl
  if (role.legacy.period > mountMax) {
    throw invalidRequest(
      `period of ${JSON.stringify(formatGoDuration(role.legacy.period))} is greater than the backend's maximum lease TTL of ${JSON.stringify(formatGoDuration(mountMax))}`,
    )
  }
  if (role.token.token_max_ttl > mountMax) {
    ctx.warn("token_max_ttl is greater than the backend mount's maximum TTL value; issued tokens' max TTL value will be truncated")
  }
  saveRole(ctx.storage, role, previousRoleId)
  return undefined
}

export const rolePath = definePath({
  pattern: 'role/:role_name',
  fields: roleFields,
  // Runs before field parsing, so it reads the raw capture.
  existenceCheck: ({ storage, raw }) => readRole(storage, String(raw['role_name'] ?? '')) !== undefined,
  operations: {
    read: (ctx) => {
      const role = readRole(ctx.storage, routedName(ctx.data.role_name))
      if (!role) return undefined
      if (!hasConstraint(role)) ctx.warn('Role does not have any constraints set on it. Updates to this role will require a constraint to be set')
      return { data: roleData(role) }
    },
    update: writeRole,
    delete: ({ storage, data }) => {
      const role = readRole(storage, routedName(data.role_name))
      if (role) deleteRole(storage, role)
      return undefined
    },
  },
  synopsis: 'Register an AppRole, or read, update or delete one.',
})

// API: https://developer.hashicorp.com/vault/api-docs/auth/token#create-update-token-role
import { definePath } from '../../../framework/path.js'
import type { RequestContext } from '../../../framework/path.js'
import { field } from '../../../framework/fields.js'
import { invalidRequest, unsupportedPath } from '../../../core/errors.js'
import { CidrError, parseCidrs } from '../../../core/cidr.js'
import type { Storage } from '../../../core/storage.js'
import { removeDuplicates, sanitizePolicies } from '../../../framework/policy-names.js'

export type RoleTokenType = 'service' | 'batch' | 'default-service' | 'default-batch'

/** A token role as stored (and read back) under the token mount's `roles/`. */
export interface TokenRole {
  name: string
  allowed_policies: string[]
  disallowed_policies: string[]
  allowed_policies_glob: string[]
  disallowed_policies_glob: string[]
  /** `null` until the field is first written, as Vault reports it. */
  allowed_entity_aliases: string[] | null
  orphan: boolean
  renewable: boolean
  path_suffix: string
  token_type: RoleTokenType
  token_period: number
  token_explicit_max_ttl: number
  token_no_default_policy: boolean
  token_num_uses: number
  token_bound_cidrs: string[]
  /** Legacy spellings, kept so a read returns what was written. */
  period: number
  explicit_max_ttl: number
  bound_cidrs: string[]
}

const ROLES = 'roles/'

/** Vault's `GenericNameRegex`: names that do not match are not routed at all. */
const ROLE_NAME = /^\w(?:[\w.-]*\w)?$/
/** Vault checks the suffix with an unanchored match, and quotes its pattern in the error. */
const PATH_SUFFIX = /\w[\w.-]+\w/
const PATH_SUFFIX_TEXT = String.raw`\w[\w-.]+\w`

export function readRole(storage: Storage, name: string): TokenRole | undefined {
  return storage.get<TokenRole>(ROLES + name)
}

function checkRoleName(name: string): void {
  if (!ROLE_NAME.test(name)) throw unsupportedPath()
}

const roleFields = {
  role_name: field.string({ doc: 'Name of the role.' }),
  allowed_policies: field.commaList({ doc: 'Policies tokens from this role may have (escapes the parent subset rule).' }),
  disallowed_policies: field.commaList({ doc: 'Policies tokens from this role may never have.' }),
  allowed_policies_glob: field.commaList({ doc: 'Glob patterns of allowed policies.' }),
  disallowed_policies_glob: field.commaList({ doc: 'Glob patterns of disallowed policies.' }),
  orphan: field.bool({ doc: 'Tokens from this role are orphans.' }),
  renewable: field.bool({ doc: 'Tokens from this role may be renewed.', default: true }),
  path_suffix: field.string({ doc: 'Appended to the token path (auth/token/create/<role>/<suffix>).' }),
  allowed_entity_aliases: field.commaList({ doc: 'Entity aliases allowed with entity_alias (globs allowed).' }),
  token_type: field.raw({ doc: 'service, batch, default-service or default-batch.' }),
  token_period: field.durationSeconds({ doc: 'Period of periodic tokens.' }),
  token_explicit_max_ttl: field.durationSeconds({ doc: 'Hard TTL cap of the tokens.' }),
  token_no_default_policy: field.bool({ doc: 'Do not add the default policy.' }),
  token_num_uses: field.int({ doc: 'Use limit of the tokens (0 = unlimited).' }),
  token_bound_cidrs: field.commaList({ doc: 'CIDRs the tokens may be used from.' }),
  period: field.durationSeconds({ doc: "Deprecated: use 'token_period'." }),
  explicit_max_ttl: field.durationSeconds({ doc: "Deprecated: use 'token_explicit_max_ttl'." }),
  bound_cidrs: field.commaList({ doc: "Deprecated: use 'token_bound_cidrs'." }),
}

type RoleContext = RequestContext<typeof roleFields>

function newRole(name: string): TokenRole {
  return {
    name,
    allowed_policies: [],
    disallowed_policies: [],
    allowed_policies_glob: [],
    disallowed_policies_glob: [],
    allowed_entity_aliases: null,
    orphan: false,
    renewable: true,
    path_suffix: '',
    token_type: 'default-service',
    token_period: 0,
    token_explicit_max_ttl: 0,
    token_no_default_policy: false,
    token_num_uses: 0,
    token_bound_cidrs: [],
    period: 0,
    explicit_max_ttl: 0,
    bound_cidrs: [],
  }
}

function validCidrs(cidrs: string[], what: string): string[] {
  try {
    parseCidrs(cidrs)
  } catch (err) {
    if (err instanceof CidrError) throw invalidRequest(`${what}: ${err.message}`)
    throw err
  }
  return cidrs.map((c) => c.trim())
}

function parseRoleTokenType(raw: unknown): RoleTokenType {
  if (raw === null) throw invalidRequest("Invalid 'token_type' value: null")
  const text = typeof raw === 'string' ? raw : String(raw)
  if (text === 'service' || text === 'batch' || text === 'default-service' || text === 'default-batch') return text
  throw invalidRequest(`invalid 'token_type' value ${JSON.stringify(text)}`)
}

/** Apply a write to a role; returns the warnings Vault would send. Mirrors Vault's field-by-field merge. */
function applyRoleWrite(ctx: RoleContext, role: TokenRole): string[] {
  const { data, has } = ctx
  const creating = ctx.operation === 'create'
  const warnings: string[] = []

  if (has('orphan') || creating) role.orphan = data.orphan
  if (has('renewable') || creating) role.renewable = data.renewable
  if (has('path_suffix') || creating) {
    if (data.path_suffix !== '' && !PATH_SUFFIX.test(data.path_suffix)) {
      throw invalidRequest(`given role path suffix contains invalid characters; must match ${PATH_SUFFIX_TEXT}`)
    }
    role.path_suffix = data.path_suffix
  }
  if (role.path_suffix.includes('..')) throw invalidRequest('error registering path suffix: path cannot contain parent references')

  if (has('allowed_policies') || creating) role.allowed_policies = sanitizePolicies(data.allowed_policies, false)
  if (has('disallowed_policies') || creating) role.disallowed_policies = removeDuplicates(data.disallowed_policies, true)
  if (has('allowed_policies_glob') || creating) role.allowed_policies_glob = sanitizePolicies(data.allowed_policies_glob, false)
  if (has('disallowed_policies_glob') || creating) role.disallowed_policies_glob = removeDuplicates(data.disallowed_policies_glob, true)

  const tokenType = has('token_type') ? parseRoleTokenType(ctx.raw['token_type']) : undefined

  // The shared token fields (Vault's tokenutil), then the legacy spellings.
  if (has('token_bound_cidrs')) role.token_bound_cidrs = validCidrs(data.token_bound_cidrs, 'error parsing role fields')
  if (has('token_explicit_max_ttl')) role.token_explicit_max_ttl = data.token_explicit_max_ttl
  if (has('token_no_default_policy')) role.token_no_default_policy = data.token_no_default_policy
  if (has('token_period')) role.token_period = data.token_period
  if (role.token_period < 0) throw invalidRequest("error parsing role fields: 'token_period' cannot be negative")
  if (has('token_num_uses')) role.token_num_uses = data.token_num_uses
  if (role.token_num_uses < 0) throw invalidRequest("error parsing role fields: 'token_num_uses' cannot be negative")
  if (tokenType) role.token_type = tokenType

  if (!has('token_period')) {
    if (has('period')) role.period = role.token_period = data.period
  } else {
    if (has('period')) warnings.push("Both 'token_period' and deprecated 'period' value supplied, ignoring the deprecated value")
    role.period = 0
  }

  if (!has('token_bound_cidrs')) {
    if (has('bound_cidrs')) role.bound_cidrs = role.token_bound_cidrs = validCidrs(data.bound_cidrs, 'error parsing bound_cidrs')
  } else {
    if (has('bound_cidrs')) warnings.push("Both 'token_bound_cidrs' and deprecated 'bound_cidrs' value supplied, ignoring the deprecated value")
    role.bound_cidrs = []
  }

  let finalExplicitMax = role.token_explicit_max_ttl
  if (!has('token_explicit_max_ttl')) {
    if (has('explicit_max_ttl')) role.explicit_max_ttl = role.token_explicit_max_ttl = data.explicit_max_ttl
    finalExplicitMax = role.explicit_max_ttl
  } else {
    if (has('explicit_max_ttl')) {
      warnings.push("Both 'token_explicit_max_ttl' and deprecated 'explicit_max_ttl' value supplied, ignoring the deprecated value")
    }
    role.explicit_max_ttl = 0
  }
  const mountMax = ctx.core.mountTtls(ctx.mount).maxTtl
  if (finalExplicitMax !== 0 && finalExplicitMax > mountMax) {
    warnings.push(
      `Given explicit max TTL of ${finalExplicitMax} is greater than system/mount allowed value of ${mountMax} seconds; until this is fixed attempting to create tokens against this role will result in an error`,
    )
  }

  if (role.token_type === 'batch') {
    if (!role.orphan) throw invalidRequest("'token_type' cannot be 'batch' when role is set to generate non-orphan tokens")
    if (role.period !== 0 || role.token_period !== 0) {
      throw invalidRequest("'token_type' cannot be 'batch' when role is set to generate periodic tokens")
    }
    if (role.renewable) throw invalidRequest("'token_type' cannot be 'batch' when role is set to generate renewable tokens")
    if (role.explicit_max_ttl !== 0 || role.token_explicit_max_ttl !== 0) {
      throw invalidRequest("'token_type' cannot be 'batch' when role is set to generate tokens with an explicit max TTL")
    }
  }

  if (has('allowed_entity_aliases')) role.allowed_entity_aliases = removeDuplicates(data.allowed_entity_aliases, true)
  return warnings
}

/** The read shape: Go map keys, so alphabetical. */
function roleData(role: TokenRole): Record<string, unknown> {
  const data: Record<string, unknown> = {
    allowed_entity_aliases: role.allowed_entity_aliases,
    allowed_policies: role.allowed_policies,
    allowed_policies_glob: role.allowed_policies_glob,
    disallowed_policies: role.disallowed_policies,
    disallowed_policies_glob: role.disallowed_policies_glob,
    explicit_max_ttl: role.explicit_max_ttl,
    name: role.name,
    orphan: role.orphan,
    path_suffix: role.path_suffix,
    period: role.period,
    renewable: role.renewable,
    token_bound_cidrs: role.token_bound_cidrs,
    token_explicit_max_ttl: role.token_explicit_max_ttl,
    token_no_default_policy: role.token_no_default_policy,
    token_num_uses: role.token_num_uses,
    token_period: role.token_period,
    token_type: role.token_type,
  }
  if (role.bound_cidrs.length > 0) data['bound_cidrs'] = role.bound_cidrs
  return Object.fromEntries(Object.entries(data).sort(([a], [b]) => (a < b ? -1 : 1)))
}

export const rolesListPath = definePath({
  pattern: 'roles/',
  operations: {
    list: ({ storage }) => ({ data: { keys: storage.list(ROLES) } }),
  },
  synopsis: 'List token roles.',
})

export const rolePath = definePath({
  pattern: 'roles/:role_name',
  fields: roleFields,
  // Runs before field parsing, so it reads the raw capture.
  existenceCheck: ({ storage, raw }) => typeof raw['role_name'] === 'string' && readRole(storage, raw['role_name']) !== undefined,
  operations: {
    read: ({ storage, data }) => {
      checkRoleName(data.role_name)
      const role = readRole(storage, data.role_name)
      return role ? { data: roleData(role) } : undefined
    },
    update: (ctx) => {
      checkRoleName(ctx.data.role_name)
      const role = readRole(ctx.storage, ctx.data.role_name) ?? newRole(ctx.data.role_name)
      const warnings = applyRoleWrite(ctx, role)
      ctx.storage.put(ROLES + role.name, role)
      return warnings.length > 0 ? { warnings } : undefined
    },
    delete: ({ storage, data }) => {
      checkRoleName(data.role_name)
      storage.delete(ROLES + data.role_name)
      return undefined
    },
  },
  synopsis: 'Create, read, update or delete a token role.',
})

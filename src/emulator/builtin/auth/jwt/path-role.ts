// API: https://developer.hashicorp.com/vault/api-docs/auth/jwt#create-update-role
import type { RequestContext } from '../../../framework/path.js'
import { field } from '../../../framework/fields.js'
import { DEFAULT_TOKEN_PARAMS, parseTokenParams, tokenFields, tokenParamsResponse } from '../../../framework/token-fields.js'
import { formatGoDuration } from '../../../core/duration.js'
import { internalError, invalidRequest } from '../../../core/errors.js'
import { NO_LEGACY_VALUES, legacyNumUsesField, legacyTokenResponse, parseLegacyTokenValues } from '../legacy-token-fields.js'
import { sortedKeys } from '../sorted-keys.js'
import { rolePaths } from '../role-paths.js'
import { normalizeList } from './claims.js'
import { ROLE_PREFIX, deleteRole, readRole, writeRole } from './role-store.js'
import type { JwtRole } from './role-store.js'

const roleFields = {
  name: field.lowercaseString({ doc: 'Name of the role.' }),
  role_type: field.string({ doc: "'jwt' or 'oidc' (default)." }),
  expiration_leeway: field.durationSeconds({ doc: 'Leeway for a missing exp (0: 150 s, -1: none).' }),
  not_before_leeway: field.durationSeconds({ doc: 'Leeway for a missing nbf (0: 150 s, -1: none).' }),
  clock_skew_leeway: field.durationSeconds({ doc: 'Clock skew leeway for all times (0: 60 s, -1: none).' }),
  bound_subject: field.string({ doc: "Required 'sub' claim." }),
  bound_audiences: field.commaList({ doc: "Accepted 'aud' values; any match suffices." }),
  bound_claims_type: field.string({ doc: "'string' (default) or 'glob'.", default: 'string' }),
  bound_claims: field.map({ doc: 'Claims (name → value or list) that must match.' }),
  claim_mappings: field.kvPairs({ doc: 'Claims copied to metadata (claim → metadata key).' }),
  user_claim: field.string({ doc: 'Claim used as the identity alias name.' }),
  user_claim_json_pointer: field.bool({ doc: 'Read user_claim as a JSON pointer.' }),
  groups_claim: field.string({ doc: 'Claim used for group alias names.' }),
  oidc_scopes: field.commaList({ doc: 'OIDC scopes to request.' }),
  allowed_redirect_uris: field.commaList({ doc: 'Allowed redirect_uri values.' }),
  verbose_oidc_logging: field.bool({ doc: 'Log OIDC tokens and claims (debug).' }),
  max_age: field.durationSeconds({ doc: 'Max time since the user last authenticated.' }),
  ...tokenFields,
  ...legacyNumUsesField,
}

type RoleContext = RequestContext<typeof roleFields>

function roleData(role: JwtRole): Record<string, unknown> {
  return sortedKeys({
    allowed_redirect_uris: role.allowed_redirect_uris,
    bound_audiences: role.bound_audiences,
    bound_claims: role.bound_claims,
    bound_claims_type: role.bound_claims_type,
    bound_subject: role.bound_subject,
    claim_mappings: role.claim_mappings,
    clock_skew_leeway: role.clock_skew_leeway,
    expiration_leeway: role.expiration_leeway,
    groups_claim: role.groups_claim,
    max_age: role.max_age,
    not_before_leeway: role.not_before_leeway,
    oidc_scopes: role.oidc_scopes,
    role_type: role.role_type,
    user_claim: role.user_claim,
    user_claim_json_pointer: role.user_claim_json_pointer,
    verbose_oidc_logging: role.verbose_oidc_logging,
    ...tokenParamsResponse(role.token),
    ...legacyTokenResponse(role.legacy, role.token),
  })
}

function newRole(): Omit<JwtRole, 'token' | 'legacy'> {
  return {
    role_type: 'oidc',
    expiration_leeway: 0,
    not_before_leeway: 0,
    clock_skew_leeway: 0,
    bound_audiences: null,
    bound_subject: '',
    bound_claims_type: 'string',
    bound_claims: null,
    claim_mappings: null,
    user_claim: '',
    user_claim_json_pointer: false,
    groups_claim: '',
    oidc_scopes: null,
    allowed_redirect_uris: null,
    verbose_oidc_logging: false,
    max_age: 0,
  }
}

function checkGlobClaims(claims: Record<string, unknown>): void {
  for (const value of Object.values(claims)) {
    const list = normalizeList(value)
    if (!list) throw invalidRequest(`claim is not a string or list: ${JSON.stringify(value)}`)
    for (const item of list) if (typeof item !== 'string') throw invalidRequest(`claim is not a string: ${JSON.stringify(item)}`)
  }
}

function checkClaimMappings(mappings: Record<string, string>): void {
  const targets = new Set<string>()
  for (const target of Object.values(mappings)) {
    if (target === 'role') throw invalidRequest(`metadata key ${JSON.stringify(target)} is reserved and may not be a mapping destination`)
    if (targets.has(target)) throw invalidRequest(`multiple keys are mapped to metadata key ${JSON.stringify(target)}`)
    targets.add(target)
  }
}

function writeRoleRequest(ctx: RoleContext): undefined {
  const { data, has } = ctx
  const existing = readRole(ctx.storage, data.name)
  if (!existing && ctx.operation === 'update') throw internalError('role entry not found during update operation')
  const role: JwtRole = existing ? { ...existing } : { ...newRole(), token: DEFAULT_TOKEN_PARAMS, legacy: NO_LEGACY_VALUES }

  // Vault reads role_type without GetOk: an update that leaves it out makes the role an oidc one.
  const roleType = data.role_type === '' ? 'oidc' : data.role_type
  if (roleType !== 'jwt' && roleType !== 'oidc') throw invalidRequest(`invalid 'role_type': ${roleType}`)
  role.role_type = roleType
  role.token = parseTokenParams(ctx, existing?.token)
  role.legacy = parseLegacyTokenValues(ctx, existing?.legacy, role.token)
  const mountMax = ctx.core.mountTtls(ctx.mount).maxTtl
  if (role.token.token_period > mountMax) {
    throw invalidRequest(`'period' of '${JSON.stringify(formatGoDuration(role.token.token_period))}' is greater than the backend's maximum lease TTL of '${JSON.stringify(formatGoDuration(mountMax))}'`)
  }
  if (has('expiration_leeway')) role.expiration_leeway = data.expiration_leeway
  if (has('not_before_leeway')) role.not_before_leeway = data.not_before_leeway
  if (has('clock_skew_leeway')) role.clock_skew_leeway = data.clock_skew_leeway
  if (has('bound_audiences')) role.bound_audiences = data.bound_audiences
  if (has('bound_subject')) role.bound_subject = data.bound_subject
  if (has('verbose_oidc_logging')) role.verbose_oidc_logging = data.verbose_oidc_logging
  if (has('max_age')) role.max_age = data.max_age

  // Also read without GetOk: it falls back to "string" when not sent.
  if (data.bound_claims_type !== 'string' && data.bound_claims_type !== 'glob') throw invalidRequest(`invalid 'bound_claims_type': ${data.bound_claims_type}`)
  role.bound_claims_type = data.bound_claims_type
  if (has('bound_claims')) {
    if (role.bound_claims_type === 'glob') checkGlobClaims(data.bound_claims)
    role.bound_claims = data.bound_claims
  }
  if (has('claim_mappings')) {
    checkClaimMappings(data.claim_mappings)
    role.claim_mappings = data.claim_mappings
  }
  if (has('user_claim')) role.user_claim = data.user_claim
  if (role.user_claim === '') throw invalidRequest('a user claim must be defined on the role')
  if (has('user_claim_json_pointer')) role.user_claim_json_pointer = data.user_claim_json_pointer
  if (has('groups_claim')) role.groups_claim = data.groups_claim
  if (has('oidc_scopes')) role.oidc_scopes = data.oidc_scopes
  if (has('allowed_redirect_uris')) role.allowed_redirect_uris = data.allowed_redirect_uris
  if (role.role_type === 'oidc' && (role.allowed_redirect_uris ?? []).length === 0) {
    throw invalidRequest("'allowed_redirect_uris' must be set if 'role_type' is 'oidc' or unspecified.")
  }
  if (role.role_type === 'jwt' && (role.bound_audiences ?? []).length === 0 && role.token.token_bound_cidrs.length === 0 &&
    role.bound_subject === '' && Object.keys(role.bound_claims ?? {}).length === 0) {
    throw invalidRequest('must have at least one bound constraint when creating/updating a role')
  }
  if (role.token.token_max_ttl > mountMax) {
    ctx.warn("token max ttl is greater than the system or backend mount's maximum TTL value; issued tokens' max TTL value will be truncated")
  }
  if (role.verbose_oidc_logging) {
    ctx.warn('verbose_oidc_logging has been enabled for this role. This is not recommended in production since sensitive information may be present in OIDC responses.')
  }
  writeRole(ctx.storage, data.name, role)
  return undefined
}

export const { roleListPath, rolePath } = rolePaths({
  fields: roleFields,
  store: { prefix: ROLE_PREFIX, read: readRole, remove: deleteRole },
  view: roleData,
  write: writeRoleRequest,
})

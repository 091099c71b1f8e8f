// API: https://developer.hashicorp.com/vault/api-docs/auth/kubernetes#create-role
import type { RequestContext } from '../../../framework/path.js'
import { field } from '../../../framework/fields.js'
import { parseTokenParams, tokenFields, tokenParamsResponse } from '../../../framework/token-fields.js'
import { formatGoDuration } from '../../../core/duration.js'
import { internalError, invalidRequest } from '../../../core/errors.js'
import { legacyNumUsesField, legacyTokenResponse, parseLegacyTokenValues } from '../legacy-token-fields.js'
import { sortedKeys } from '../sorted-keys.js'
import { rolePaths } from '../role-paths.js'
import { parseNamespaceSelector, SelectorError } from './namespace-selector.js'
import { ALIAS_SOURCE_NAME, ALIAS_SOURCE_UID, ROLE_PREFIX, deleteRole, readRole, writeRole } from './role-store.js'
import type { KubernetesRole } from './role-store.js'

const roleFields = {
  name: field.string({ doc: 'Name of the role.' }),
  bound_service_account_names: field.commaList({ doc: 'Service account names (globs; "*" for any).' }),
  bound_service_account_namespaces: field.commaList({ doc: 'Namespaces (globs; "*" for any).' }),
  bound_service_account_namespace_selector: field.string({ doc: 'Label selector (JSON or YAML) of allowed namespaces.' }),
  audience: field.string({ doc: 'Audience the JWT must carry.' }),
  alias_name_source: field.string({ doc: 'serviceaccount_uid (default) or serviceaccount_name.', default: ALIAS_SOURCE_UID }),
  ...tokenFields,
  ...legacyNumUsesField,
}

function hasStarAndValues(list: readonly string[]): boolean {
  return list.length > 1 && list.includes('*')
}

function roleData(role: KubernetesRole): Record<string, unknown> {
  return sortedKeys({
    alias_name_source: role.alias_name_source,
    ...(role.audience === '' ? {} : { audience: role.audience }),
    bound_service_account_names: role.bound_service_account_names,
    bound_service_account_namespace_selector: role.bound_service_account_namespace_selector,
    bound_service_account_namespaces: role.bound_service_account_namespaces,
    ...tokenParamsResponse(role.token),
    ...legacyTokenResponse(role.legacy, role.token),
  })
}

function writeRoleRequest(ctx: RequestContext<typeof roleFields>): undefined {
  const { data } = ctx
  if (data.name === '') throw invalidRequest('missing role name')
  const existing = readRole(ctx.storage, data.name)
  if (!existing && ctx.operation === 'update') throw internalError('role entry not found during update operation')

  const token = parseTokenParams(ctx, existing?.token)
  const legacy = parseLegacyTokenValues(ctx, existing?.legacy, token)
  const mountMax = ctx.core.mountTtls(ctx.mount).maxTtl
  if (token.token_period > mountMax) {
    throw invalidRequest(`token period of '${JSON.stringify(formatGoDuration(token.token_period))}' is greater than the backend's maximum lease TTL of '${JSON.stringify(formatGoDuration(mountMax))}'`)
  }
  if (token.token_max_ttl > mountMax) {
    ctx.warn("max_ttl is greater than the system or backend mount's maximum TTL value; issued tokens' max TTL value will be truncated")
  }

  const names = ctx.has('bound_service_account_names') ? data.bound_service_account_names : (existing?.bound_service_account_names ?? [])
  if (names.length === 0) throw invalidRequest('"bound_service_account_names" can not be empty')
  if (hasStarAndValues(names)) throw invalidRequest('can not mix "*" with values')

  const namespaces = ctx.has('bound_service_account_namespaces') ? data.bound_service_account_namespaces : (existing?.bound_service_account_namespaces ?? null)
  // Vault reads the selector without GetOk: an update that leaves it out clears it.
  const selector = data.bound_service_account_namespace_selector
  if ((namespaces ?? []).length === 0 && selector === '') {
    throw invalidRequest('"bound_service_account_namespaces" can not be empty if "bound_service_account_namespace_selector" is not set')
  }
  if (selector !== '') {
    try {
      parseNamespaceSelector(selector)
    } catch (err) {
      if (err instanceof SelectorError) throw invalidRequest('invalid "bound_service_account_namespace_selector" configured')
      throw err
    }
  }
  if (hasStarAndValues(namespaces ?? [])) throw invalidRequest('can not mix "*" with values')

  const audience = ctx.has('audience') ? data.audience : (existing?.audience ?? '')
  if (audience.trim() === '') {
    ctx.warn(`Role ${data.name} does not have an audience configured. While audiences are not required, consider specifying one if your use case would benefit from additional JWT claim verification.`)
  }

  let aliasSource = existing?.alias_name_source ?? ''
  if (ctx.has('alias_name_source')) aliasSource = aliasSource === '' && data.alias_name_source === '' ? ALIAS_SOURCE_UID : data.alias_name_source
  else if (aliasSource === '') aliasSource = ALIAS_SOURCE_UID
  if (aliasSource !== ALIAS_SOURCE_UID && aliasSource !== ALIAS_SOURCE_NAME) {
    throw invalidRequest(`invalid alias_name_source, must be one of: ${ALIAS_SOURCE_UID}, ${ALIAS_SOURCE_NAME}`)
  }

  writeRole(ctx.storage, data.name, {
    bound_service_account_names: names,
    bound_service_account_namespaces: namespaces,
    bound_service_account_namespace_selector: selector,
    audience,
    alias_name_source: aliasSource,
    token,
    legacy,
  })
  return undefined
}

export const { roleListPath, rolePath } = rolePaths({
  fields: roleFields,
  store: { prefix: ROLE_PREFIX, read: readRole, remove: deleteRole },
  view: roleData,
  write: writeRoleRequest,
})

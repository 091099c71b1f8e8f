/**
 * Renewing an AppRole login token (Vault's approle `pathLoginRenew`): the
 * role must still exist, and its current token TTLs apply.
 */
import { internalError } from '../../../core/errors.js'
import type { LoginRenewHook } from '../../../framework/backend.js'
import { readRole } from './role-store.js'

export const renewAppRoleLogin: LoginRenewHook = (token, { storage }) => {
  // The login always records the role name in the token's metadata.
  const roleName = token.meta?.['role_name'] ?? ''
  if (roleName === '') throw internalError('failed to renew entry: failed to fetch role_name during renewal')
  const role = readRole(storage, roleName)
  if (!role) throw internalError(`failed to renew entry: role ${JSON.stringify(roleName)} does not exist during renewal`)
  return { ttl: role.token.token_ttl, maxTtl: role.token.token_max_ttl, period: role.token.token_period }
}

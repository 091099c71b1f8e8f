/**
 * Renewing a JWT/OIDC login token (the plugin's `pathLoginRenew`): the role
 * must still exist, and its current TTLs apply.
 */
import { internalError } from '../../../core/errors.js'
import type { LoginRenewHook } from '../../../framework/backend.js'
import { readRole } from './role-store.js'

export const renewJwtLogin: LoginRenewHook = (token, { storage }) => {
  const roleName = token.meta?.['role'] ?? ''
  const role = readRole(storage, roleName)
  if (!role) throw internalError(`failed to renew entry: role ${roleName} does not exist during renewal`)
  return { ttl: role.token.token_ttl, maxTtl: role.token.token_max_ttl, period: role.token.token_period }
}

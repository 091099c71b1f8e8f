/**
 * Renewing a userpass login token (Vault's userpass `pathLoginRenew`): a
 * deleted user's token is quietly not renewed (Vault answers 204); changed
 * policies refuse the renewal; otherwise the user's current TTLs apply.
 */
import { internalError } from '../../../core/errors.js'
import type { LoginRenewHook } from '../../../framework/backend.js'
import { readUser } from './user-store.js'

/** Vault's policyutil.EquivalentPolicies: same set, `default` ignored. */
function equivalentPolicies(a: readonly string[], b: readonly string[]): boolean {
  const set = (list: readonly string[]) => [...new Set(list.filter((p) => p !== 'default'))].sort().join('\n')
  return set(a) === set(b)
}

export const renewUserpassLogin: LoginRenewHook = (token, { storage }) => {
  const user = readUser(storage, token.meta?.['username'] ?? '')
  if (!user) return undefined
  if (!equivalentPolicies(user.token.token_policies, token.policies)) {
    throw internalError('failed to renew entry: policies have changed, not renewing')
  }
  return { ttl: user.token.token_ttl, maxTtl: user.token.token_max_ttl, period: user.token.token_period }
}

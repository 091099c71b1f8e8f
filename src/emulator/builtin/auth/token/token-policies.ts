/**
 * Which policies a token created through `auth/token/create*` gets: Vault's
 * rules for inheriting the parent's set, the subset check, `default`
 * handling and role allow/deny lists.
 */
import { invalidRequest } from '../../../core/errors.js'
import type { RequestContext } from '../../../framework/path.js'
import type { TokenRole } from './path-roles.js'
import { removeDuplicates, sanitizePolicies } from '../../../framework/policy-names.js'

/** Policies that exist internally but can never be put on a token. */
const NON_ASSIGNABLE = ['response-wrapping', 'control-group']

/** `*` matches any run of characters, anywhere in the pattern (go-glob semantics). */
export function globMatches(pattern: string, value: string): boolean {
  if (pattern === '*') return true
  const parts = pattern.split('*')
  if (parts.length === 1) return pattern === value
  const first = parts[0] ?? ''
  const last = parts[parts.length - 1] ?? ''
  if (!value.startsWith(first)) return false
  let rest = value.slice(first.length)
  for (const middle of parts.slice(1, -1)) {
    const at = rest.indexOf(middle)
    if (at < 0) return false
    rest = rest.slice(at + middle.length)
  }
  return rest.endsWith(last)
}

function anyGlob(patterns: readonly string[], value: string): boolean {
  return patterns.some((p) => globMatches(p, value))
}

/** Go's `%q` of a string slice: `["a" "b"]`. */
function goQuoteList(items: readonly string[]): string {
  return `[${items.map((i) => JSON.stringify(i)).join(' ')}]`
}

export interface PolicyRequest {
  /** `policies` as sent (possibly empty). */
  requested: string[]
  noDefaultPolicy: boolean
  role: TokenRole | undefined
  parentPolicies: readonly string[]
  /** The caller has sudo on the create path (root tokens always do). */
  isSudo: boolean
}

/**
 * The final, sorted policy set of a new token; throws the 400 Vault answers
 * when the request breaks a rule.
 */
export function resolveTokenPolicies(req: PolicyRequest): string[] {
  const { role, noDefaultPolicy, parentPolicies } = req
  let policies = req.requested
  let addDefault = false

  const roleRestricts =
    role !== undefined &&
    (role.allowed_policies.length > 0 ||
      role.disallowed_policies.length > 0 ||
      role.allowed_policies_glob.length > 0 ||
      role.disallowed_policies_glob.length > 0)

  if (role && roleRestricts) {
    // Roles with allow/deny lists decide the set themselves, disjoint from the parent's.
    const localDefault =
      !noDefaultPolicy &&
      !role.token_no_default_policy &&
      !role.disallowed_policies.includes('default') &&
      !anyGlob(role.disallowed_policies_glob, 'default')
    let final = policies.length > 0 ? sanitizePolicies(policies, localDefault) : []
    if (role.allowed_policies.length > 0 || role.allowed_policies_glob.length > 0) {
      const allowed = sanitizePolicies(role.allowed_policies, localDefault)
      if (final.length === 0) final = allowed
      else {
        const allowedGlob = sanitizePolicies(role.allowed_policies_glob, false)
        for (const p of final) {
          if (!allowed.includes(p) && !anyGlob(allowedGlob, p)) {
            throw invalidRequest(
              `token policies (${goQuoteList(final)}) must be subset of the role's allowed policies (${goQuoteList(allowed)}) or glob policies (${goQuoteList(allowedGlob)})`,
            )
          }
        }
      }
    } else if (final.length === 0) {
      final = sanitizePolicies(parentPolicies, localDefault)
    }
    if (role.disallowed_policies.length > 0 || role.disallowed_policies_glob.length > 0) {
      const denied = removeDuplicates(role.disallowed_policies, true)
      const deniedGlob = removeDuplicates(role.disallowed_policies_glob, true)
      for (const p of final) {
        if (denied.includes(p) || anyGlob(deniedGlob, p)) throw invalidRequest(`token policy ${JSON.stringify(p)} is disallowed by this role`)
      }
    }
    policies = final
  } else if (policies.length === 0) {
    // Inherit the parent's set; `default` only if the parent has it.
    policies = sanitizePolicies(parentPolicies, false)
  } else if (!req.isSudo) {
    const asked = sanitizePolicies(policies, false)
    const parent = sanitizePolicies(parentPolicies, false)
    if (!asked.every((p) => parent.includes(p))) throw invalidRequest('child policies must be subset of parent')
    addDefault = !noDefaultPolicy && parentPolicies.includes('default')
  } else {
    addDefault = !noDefaultPolicy
  }

  let final = sanitizePolicies(policies, addDefault)
  if (noDefaultPolicy) final = final.filter((p) => p !== 'default')
  for (const p of final) {
    if (NON_ASSIGNABLE.includes(p)) throw invalidRequest(`cannot assign policy ${JSON.stringify(p)}`)
  }
  return final
}

/**
 * Whether the caller may act as root on this request's path: Vault's
 * `SudoPrivilege` (a root token, or a policy granting `sudo` on the path,
 * whatever the operation).
 */
export function callerHasSudo(ctx: RequestContext): boolean {
  if (!ctx.token) return false
  return ctx.core.checkAcl(ctx.token, 'update', ctx.req.path).sudo
}

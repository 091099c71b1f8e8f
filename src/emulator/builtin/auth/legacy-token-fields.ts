/**
 * Roles and users written with the pre-1.2 token field names (`policies=`,
 * `ttl=`, `max_ttl=`, `period=`, `num_uses=`, `bound_cidrs=`), as tokenutil's
 * `UpgradeValue` keeps them: the legacy value is stored beside the `token_*`
 * one and shown again on read while it is set; sending the new name clears it.
 * `parseTokenParams` already maps the legacy names onto the `token_*` fields,
 * except `num_uses`, which only some methods (Kubernetes, JWT) still take.
 *
 * @example
 * const params = parseTokenParams(ctx, role?.token)
 * const legacy = parseLegacyTokenValues(ctx, role?.legacy, params)
 * // read:
 * return { data: { ...tokenParamsResponse(role.token), ...legacyTokenResponse(role.legacy, role.token) } }
 */
import { field } from '../../framework/fields.js'
import type { RequestContext } from '../../framework/path.js'
import type { TokenParams } from '../../framework/token-fields.js'

/**
 * Vault's `tokenutil.UpgradeValue` for one field: what a role or user remembers
 * under a deprecated name (`policies`, `ttl`, `period`...), which reads show back.
 * Written under the old name only: the old name keeps the value. Written
 * under the new name: the old one follows it if also sent, else is cleared.
 */
export function upgradedLegacy<T>(ctx: RequestContext, names: { legacy: string; current: string }, stored: T, value: T, zero: T): T {
  if (ctx.has(names.current)) return ctx.has(names.legacy) ? value : zero
  if (ctx.has(names.legacy)) return value
  return stored
}

/** `num_uses`, the legacy name `tokenFields` does not declare. */
export const legacyNumUsesField = {
  num_uses: field.int({ doc: "Deprecated: use 'token_num_uses'." }),
}

/** Which legacy names are in force, with their values where they have their own. */
export interface LegacyTokenValues {
  policies: boolean
  bound_cidrs: boolean
  ttl: number
  max_ttl: number
  period: number
  num_uses: number
}

export const NO_LEGACY_VALUES: LegacyTokenValues = { policies: false, bound_cidrs: false, ttl: 0, max_ttl: 0, period: 0, num_uses: 0 }

/**
 * Update the legacy values for a create/update request; also applies a
 * legacy `num_uses` to `params.token_num_uses` (mutates `params`).
 */
export function parseLegacyTokenValues(
  ctx: RequestContext,
  existing: LegacyTokenValues = NO_LEGACY_VALUES,
  params: TokenParams,
): LegacyTokenValues {
  const out = { ...existing }
  const number = (name: string): number => {
    const value = (ctx.data as Record<string, unknown>)[name]
    return typeof value === 'number' ? value : 0
  }
  const flag = (legacy: string, current: string, value: boolean, stored: boolean): boolean =>
    upgradedLegacy(ctx, { legacy, current }, stored, value, false)
  const seconds = (legacy: string, current: string, value: number, stored: number): number =>
    upgradedLegacy(ctx, { legacy, current }, stored, value, 0)
  if (!ctx.has('token_num_uses') && ctx.has('num_uses')) params.token_num_uses = number('num_uses')
  out.policies = flag('policies', 'token_policies', params.token_policies.length > 0, out.policies)
  out.bound_cidrs = flag('bound_cidrs', 'token_bound_cidrs', params.token_bound_cidrs.length > 0, out.bound_cidrs)
  out.ttl = seconds('ttl', 'token_ttl', params.token_ttl, out.ttl)
  out.max_ttl = seconds('max_ttl', 'token_max_ttl', params.token_max_ttl, out.max_ttl)
  out.period = seconds('period', 'token_period', params.token_period, out.period)
  out.num_uses = seconds('num_uses', 'token_num_uses', params.token_num_uses, out.num_uses)
  return out
}

/** The legacy keys a role read shows next to the `token_*` ones (only those in force). */
export function legacyTokenResponse(legacy: LegacyTokenValues, params: TokenParams): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  if (legacy.policies) out['policies'] = params.token_policies
  if (legacy.bound_cidrs) out['bound_cidrs'] = params.token_bound_cidrs
  if (legacy.ttl > 0) out['ttl'] = legacy.ttl
  if (legacy.max_ttl > 0) out['max_ttl'] = legacy.max_ttl
  if (legacy.period > 0) out['period'] = legacy.period
  if (legacy.num_uses > 0) out['num_uses'] = legacy.num_uses
  return out
}

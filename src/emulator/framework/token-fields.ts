/**
 * The token fields every auth method's roles and users share (Vault's
 * sdk/helper/tokenutil), and the one way a login turns them into a token.
 *
 * @example
 * const userPath = definePath({
 *   pattern: 'users/:username',
 *   fields: { username: field.string({ doc: 'User.' }), ...tokenFields },
 *   operations: {
 *     update: (ctx) => {
 *       const params = parseTokenParams(ctx, existing?.token)
 *       ...
 *     },
 *   },
 * })
 * // in the login handler:
 * return { auth: issueLoginToken(ctx, user.token, { displayName: username, metadata: { username } }) }
 */
import { field } from './fields.js'
import type { RequestContext } from './path.js'
import { calculateTtl } from './ttl.js'
import { invalidRequest } from '../core/errors.js'
import { CidrError, parseCidrs } from '../core/cidr.js'
import { uuid } from '../core/ids.js'
import type { AuthBlock } from '../core/request.js'
import { sanitizePolicies } from './policy-names.js'

/** Field specs to spread into a role's or user's fields. */
export const tokenFields = {
  token_policies: field.commaList({ doc: 'Policies of the tokens this issues.' }),
  policies: field.commaList({ doc: "Deprecated: use 'token_policies'." }),
  token_ttl: field.durationSeconds({ doc: 'TTL of the tokens this issues (0 = the mount default).' }),
  ttl: field.durationSeconds({ doc: "Deprecated: use 'token_ttl'." }),
  token_max_ttl: field.durationSeconds({ doc: 'Max TTL of the tokens this issues (0 = the mount max).' }),
  max_ttl: field.durationSeconds({ doc: "Deprecated: use 'token_max_ttl'." }),
  token_explicit_max_ttl: field.durationSeconds({ doc: 'Hard cap that survives renewals.' }),
  token_period: field.durationSeconds({ doc: 'Makes the tokens periodic.' }),
  period: field.durationSeconds({ doc: "Deprecated: use 'token_period'." }),
  token_num_uses: field.int({ doc: 'Use limit of the tokens (0 = unlimited).' }),
  token_type: field.string({ doc: 'service, batch or default (the mount decides).' }),
  token_bound_cidrs: field.commaList({ doc: 'CIDRs the tokens may be used from.' }),
  bound_cidrs: field.commaList({ doc: "Deprecated: use 'token_bound_cidrs'." }),
  token_no_default_policy: field.bool({ doc: 'Do not add the default policy.' }),
}

/** Stored token parameters of a role or user (wire names, TTLs in seconds). */
export interface TokenParams {
  token_policies: string[]
  token_ttl: number
  token_max_ttl: number
  token_explicit_max_ttl: number
  token_period: number
  token_num_uses: number
  token_type: string
  token_bound_cidrs: string[]
  token_no_default_policy: boolean
}

export const DEFAULT_TOKEN_PARAMS: TokenParams = {
  token_policies: [],
  token_ttl: 0,
  token_max_ttl: 0,
  token_explicit_max_ttl: 0,
  token_period: 0,
  token_num_uses: 0,
  // Vault's TokenTypeDefault: reads back as "default", the mount's token_type decides at login.
  token_type: 'default',
  token_bound_cidrs: [],
  token_no_default_policy: false,
}

/** What tokenutil accepts; AppRole maps `default-service`/`default-batch` itself before parsing. */
const TOKEN_TYPES = new Set(['service', 'batch', 'default'])

type TokenFieldContext = RequestContext<typeof tokenFields>

/**
 * The token parameters a create/update request asks for, merged over the
 * stored ones (update semantics: only the fields sent change). Legacy names
 * are honoured when the new name is absent, as Vault does.
 */
export function parseTokenParams(ctx: RequestContext, existing: TokenParams = DEFAULT_TOKEN_PARAMS): TokenParams {
  const c = ctx as unknown as TokenFieldContext
  const out: TokenParams = { ...existing }
  const pick = <K extends keyof typeof tokenFields>(name: K, legacy?: keyof typeof tokenFields): boolean => {
    if (c.has(name)) return true
    return legacy !== undefined && c.has(legacy)
  }
  if (pick('token_policies', 'policies')) {
    out.token_policies = sanitizePolicies(c.has('token_policies') ? c.data.token_policies : c.data.policies, false)
  }
  if (pick('token_ttl', 'ttl')) out.token_ttl = c.has('token_ttl') ? c.data.token_ttl : c.data.ttl
  if (pick('token_max_ttl', 'max_ttl')) out.token_max_ttl = c.has('token_max_ttl') ? c.data.token_max_ttl : c.data.max_ttl
  if (pick('token_period', 'period')) out.token_period = c.has('token_period') ? c.data.token_period : c.data.period
  if (c.has('token_explicit_max_ttl')) out.token_explicit_max_ttl = c.data.token_explicit_max_ttl
  if (c.has('token_num_uses')) out.token_num_uses = c.data.token_num_uses
  if (c.has('token_no_default_policy')) out.token_no_default_policy = c.data.token_no_default_policy
  if (pick('token_bound_cidrs', 'bound_cidrs')) {
    const cidrs = c.has('token_bound_cidrs') ? c.data.token_bound_cidrs : c.data.bound_cidrs
    try {
      parseCidrs(cidrs)
    } catch (err) {
      if (err instanceof CidrError) throw invalidRequest(`failed to parse token_bound_cidrs: ${err.message}`)
      throw err
    }
    out.token_bound_cidrs = cidrs
  }
  if (c.has('token_type')) {
    const t = c.data.token_type === '' ? 'default' : c.data.token_type
    if (!TOKEN_TYPES.has(t)) throw invalidRequest(`invalid 'token_type' value ${JSON.stringify(c.data.token_type)}`)
    out.token_type = t
  }
  // Checks and texts in tokenutil's order (ParseTokenFields).
  if (out.token_explicit_max_ttl < 0) throw invalidRequest("'token_explicit_max_ttl' cannot be negative")
  if (out.token_max_ttl < 0) throw invalidRequest("'token_max_ttl' cannot be negative")
  if (out.token_period < 0) throw invalidRequest("'token_period' cannot be negative")
  if (out.token_type === 'batch' && out.token_period !== 0) {
    throw invalidRequest("'token_type' cannot be 'batch' or 'default_batch' when set to generate periodic tokens")
  }
  if (out.token_type === 'batch' && out.token_num_uses !== 0) {
    throw invalidRequest("'token_type' cannot be 'batch' or 'default_batch' when set to generate tokens with limited use count")
  }
  if (out.token_ttl < 0) throw invalidRequest("'token_ttl' cannot be negative")
  if (out.token_ttl > 0 && out.token_max_ttl > 0 && out.token_ttl > out.token_max_ttl) {
    throw invalidRequest("'token_ttl' cannot be greater than 'token_max_ttl'")
  }
  if (out.token_num_uses < 0) throw invalidRequest("'token_num_uses' cannot be negative")
  return out
}

/** The token fields as a role read shows them (TTLs in seconds, lists never null). */
export function tokenParamsResponse(params: TokenParams): Record<string, unknown> {
  return {
    token_bound_cidrs: params.token_bound_cidrs,
    token_explicit_max_ttl: params.token_explicit_max_ttl,
    token_max_ttl: params.token_max_ttl,
    token_no_default_policy: params.token_no_default_policy,
    token_num_uses: params.token_num_uses,
    token_period: params.token_period,
    token_policies: params.token_policies,
    token_ttl: params.token_ttl,
    token_type: params.token_type,
  }
}

export interface LoginIdentity {
  /** The method's own part of the display name (`alice`, `production-myapp-sa`; '' for AppRole). */
  displayName: string
  /** `auth.metadata` (values must be strings). */
  metadata: Record<string, string>
  /** Identity alias name (user name, role id, service account uid, user claim). */
  aliasName: string
  /** Policies added on top of the role's (e.g. from claims); optional. */
  extraPolicies?: string[]
}

/** `auth/userpass/` + `alice` → `userpass-alice`; trailing `-` trimmed. */
export function loginDisplayName(mountPath: string, name: string): string {
  const prefix = mountPath.replace(/^auth\//, '').replace(/\//g, '-')
  const full = `${prefix}${name}`
  return full.endsWith('-') ? full.slice(0, -1) : full
}

/**
 * The type a login token gets (Vault's router): a mount tuned to `service` or
 * `batch` forces it; `default-service` (the default) and `default-batch`
 * only fill in for a role that says `default`.
 */
function loginTokenIsBatch(roleType: string, mountType = 'default-service'): boolean {
  if (mountType === 'service' || mountType === 'batch') return mountType === 'batch'
  const roleDefers = roleType === 'default' || roleType === 'default-service' || roleType === 'default-batch'
  if (mountType === 'default-batch') return roleDefers || roleType === 'batch'
  return roleType === 'batch' || roleType === 'default-batch'
}

/** The stable entity id for an alias of this mount (created on first login). */
function entityIdFor(ctx: RequestContext, aliasName: string): string {
  const key = `sys/identity/alias/${ctx.mount.accessor}/${aliasName}`
  const existing = ctx.core.storage.get<string>(key)
  if (existing) return existing
  const id = uuid()
  ctx.core.storage.put(key, id)
  return id
}

/**
 * Issue the orphan token a successful login returns, honouring the role's
 * token parameters and the auth mount's tuned TTLs, and return its `auth` block.
 */
export function issueLoginToken(ctx: RequestContext, params: TokenParams, identity: LoginIdentity): AuthBlock {
  const policies = sanitizePolicies([...params.token_policies, ...(identity.extraPolicies ?? [])], !params.token_no_default_policy)
  const mountTtls = ctx.core.mountTtls(ctx.mount)
  const { ttl, warnings } = calculateTtl({
    backendTtl: params.token_ttl,
    backendMaxTtl: params.token_max_ttl,
    explicitMaxTtl: params.token_explicit_max_ttl,
    period: params.token_period,
    mount: mountTtls,
    nowMs: ctx.clock.now(),
  })
  for (const w of warnings) ctx.warn(w)
  const batch = loginTokenIsBatch(params.token_type, ctx.mount.config.token_type)
  const entry = ctx.core.tokens.create({
    policies,
    path: ctx.req.path,
    meta: Object.keys(identity.metadata).length > 0 ? identity.metadata : null,
    displayName: loginDisplayName(ctx.mount.path, identity.displayName),
    numUses: params.token_num_uses,
    ttl,
    explicitMaxTtl: params.token_explicit_max_ttl,
    period: params.token_period,
    renewable: true,
    type: batch ? 'batch' : 'service',
    entityId: entityIdFor(ctx, identity.aliasName),
    boundCidrs: params.token_bound_cidrs,
    mountMaxTtl: params.token_max_ttl > 0 ? Math.min(params.token_max_ttl, mountTtls.maxTtl) : mountTtls.maxTtl,
  })
  return ctx.core.tokens.authBlock(entry)
}

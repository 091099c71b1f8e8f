// API: https://developer.hashicorp.com/vault/api-docs/auth/token#create-token
import { definePath } from '../../../framework/path.js'
import type { RequestContext } from '../../../framework/path.js'
import { field } from '../../../framework/fields.js'
import { calculateTtl } from '../../../framework/ttl.js'
import { invalidRequest } from '../../../core/errors.js'
import { DurationError, parseDurationSeconds, parseGoDuration } from '../../../core/duration.js'
import { uuid } from '../../../core/ids.js'
import type { LogicalResponse } from '../../../core/request.js'
import type { TokenType } from '../../../core/token-store.js'
import { callerHasSudo, globMatches, resolveTokenPolicies } from './token-policies.js'
import { readRole } from './path-roles.js'
import type { TokenRole } from './path-roles.js'

const createFields = {
  id: field.string({ doc: 'Custom token value (root or sudo only).', sensitive: true }),
  policies: field.commaList({ doc: "Policies of the token; default: the parent's." }),
  meta: field.kvPairs({ doc: 'Arbitrary key=value metadata.' }),
  no_parent: field.bool({ doc: 'Create an orphan (root or sudo only).' }),
  no_default_policy: field.bool({ doc: 'Do not attach the default policy.' }),
  // TTL-like fields stay text: Vault parses them itself, with its own error texts.
  ttl: field.string({ doc: 'TTL of the token.' }),
  lease: field.string({ doc: "Deprecated: use 'ttl'." }),
  explicit_max_ttl: field.string({ doc: 'Hard cap that survives renewals.' }),
  period: field.string({ doc: 'Makes the token periodic (root or sudo only, unless from a role).' }),
  renewable: field.bool({ doc: 'Whether the token may be renewed.', default: true }),
  display_name: field.string({ doc: 'Display name; stored as token-<name>.' }),
  num_uses: field.int({ doc: 'Use limit (0 = unlimited).' }),
  type: field.string({ doc: 'service or batch.' }),
  entity_alias: field.string({ doc: 'Entity alias to attach (needs a role allowing it).' }),
}

const roleCreateFields = { ...createFields, role_name: field.string({ doc: 'Role to create the token against.' }) }

type CreateContext = RequestContext<typeof createFields>

const CUSTOM_ID_WARNING =
  'Supplying a custom ID for the token uses the weaker SHA1 hashing instead of the more secure SHA2-256 HMAC for token obfuscation. SHA1 hashed tokens on the wire leads to less secure lookups.'

function parseDuration(text: string): number {
  try {
    return parseDurationSeconds(text)
  } catch (err) {
    if (err instanceof DurationError) throw invalidRequest(err.message)
    throw err
  }
}

/** `display_name` → `token-<name>`, everything outside `[A-Za-z0-9-]` turned into `-`, one trailing `-` dropped. */
export function tokenDisplayName(name: string): string {
  if (name === '') return 'token'
  const full = `token-${name}`.replace(/[^a-zA-Z0-9-]/g, '-')
  return full.endsWith('-') ? full.slice(0, -1) : full
}

function resolveTokenType(requested: string, role: TokenRole | undefined): string {
  if (!role) return requested
  switch (role.token_type) {
    case 'default-service':
      return requested
    case 'default-batch':
      return requested === '' ? 'batch' : requested
    default:
      return role.token_type
  }
}

/** Batch tokens cannot be limited, capped or periodic; Vault names the first offending field. */
function checkBatchFields(data: CreateContext['data']): void {
  let bad: string | undefined
  if (data.explicit_max_ttl !== '') {
    const seconds = durationOrUndefined(data.explicit_max_ttl)
    if (seconds === undefined) throw invalidRequest('"explicit_max_ttl" value could not be parsed')
    if (seconds !== 0) bad = 'explicit_max_ttl'
  } else if (data.num_uses !== 0) {
    bad = 'num_uses'
  } else if (data.period !== '') {
    const seconds = durationOrUndefined(data.period)
    if (seconds === undefined) throw invalidRequest('"period" value could not be parsed')
    if (seconds !== 0) bad = 'period'
  }
  if (bad) throw invalidRequest(`batch tokens cannot have ${JSON.stringify(bad)} set`)
}

function durationOrUndefined(text: string): number | undefined {
  try {
    return parseDurationSeconds(text)
  } catch {
    return undefined
  }
}

/**
 * Entity aliases: Vault creates (or fetches) an identity entity for the
 * alias. Until the identity store offers that, the token mount keeps one
 * stable entity id per alias name so tokens for the same alias share it.
 */
function entityForAlias(ctx: CreateContext, role: TokenRole | undefined): string {
  const alias = ctx.data.entity_alias
  if (alias === '') return ''
  if (!role) throw invalidRequest("'entity_alias' is only allowed in combination with token role")
  const lower = alias.toLowerCase()
  const allowed = role.allowed_entity_aliases ?? []
  if (!allowed.includes(lower) && !allowed.some((p) => globMatches(p, lower))) throw invalidRequest("invalid 'entity_alias' value")
  const key = `entity-alias/${lower}`
  let id = ctx.storage.get<string>(key)
  if (id === undefined) {
    id = uuid()
    ctx.storage.put(key, id)
  }
  return id
}

/** The TTL-shaping request fields, validated as Vault does (in its order). */
function requestedLifetimes(ctx: CreateContext, isSudo: boolean): { explicitMax: number; period: number; ttl: number } {
  const { data } = ctx
  let explicitMax = 0
  if (data.explicit_max_ttl !== '') {
    explicitMax = parseDuration(data.explicit_max_ttl)
    if (explicitMax < 0) throw invalidRequest('explicit_max_ttl must be positive')
  }
  let period = 0
  if (data.period !== '') {
    period = parseDuration(data.period)
    if (period < 0) throw invalidRequest('period must be positive')
    if (period > 0 && !isSudo) throw invalidRequest('root or sudo privileges required to create periodic token')
  }
  let ttl = 0
  if (data.ttl !== '') {
    ttl = parseDuration(data.ttl)
    if (ttl < 0) throw invalidRequest('ttl must be positive')
  } else if (data.lease !== '') {
    // The legacy field is Go duration syntax only (no bare seconds).
    try {
      ttl = Math.trunc(parseGoDuration(data.lease) / 1e9)
    } catch (err) {
      if (err instanceof DurationError) throw invalidRequest(err.message)
      throw err
    }
    if (ttl < 0) throw invalidRequest('lease must be positive')
  }
  return { explicitMax, period, ttl }
}

function checkCustomId(ctx: CreateContext, id: string): void {
  if (id.startsWith('hvs.')) throw invalidRequest("custom token ID cannot have the 'hvs.' prefix")
  if (id.startsWith('s.')) throw invalidRequest("custom token ID cannot have the 's.' prefix")
  if (id.includes('.')) throw invalidRequest("custom token ID cannot have a '.' in the value")
  if (ctx.core.tokens.raw(id)) throw invalidRequest('cannot create a token with a duplicate ID')
}

/** Vault's handleCreateCommon: every check in Vault's order, so the first error matches. */
function createToken(ctx: CreateContext, orphanEndpoint: boolean, role: TokenRole | undefined): LogicalResponse {
  const parent = ctx.token
  if (!parent) throw invalidRequest('parent token lookup failed: no parent found')
  if (parent.type === 'batch') throw invalidRequest('batch tokens cannot create more tokens')
  // A limited-use token could escape its limit through children.
  if (parent.num_uses > 0) throw invalidRequest('restricted use token cannot generate child tokens')
  const isSudo = callerHasSudo(ctx)
  const { data } = ctx
  const warnings: string[] = []

  let renewable = data.renewable
  let type: TokenType
  const typeText = resolveTokenType(data.type, role)
  if (typeText === '' || typeText === 'service') type = 'service'
  else if (typeText === 'batch') {
    checkBatchFields(data)
    type = 'batch'
    renewable = false
  } else throw invalidRequest("invalid 'token_type' value")

  if (data.num_uses < 0) throw invalidRequest('number of uses cannot be negative')
  const explicitEntityId = entityForAlias(ctx, role)
  const meta = ctx.has('meta') && ctx.raw['meta'] !== null ? data.meta : null

  let path = ctx.req.path
  let numUses = data.num_uses
  if (role) {
    if (!role.renewable) renewable = false
    // 0 means unlimited, so the smaller non-zero limit wins.
    if (role.token_num_uses !== 0 && (numUses === 0 || role.token_num_uses < numUses)) numUses = role.token_num_uses
    if (role.path_suffix !== '') path = `${path}/${role.path_suffix}`
  }
  const displayName = tokenDisplayName(data.display_name)

  if (data.id !== '' && !isSudo) throw invalidRequest('root or sudo privileges required to specify token id')

  const policies = resolveTokenPolicies({
    requested: data.policies,
    noDefaultPolicy: data.no_default_policy,
    role,
    parentPolicies: parent.policies,
    isSudo,
  })
  if (policies.includes('root')) {
    // Sudo alone must not mint root tokens.
    if (!parent.policies.includes('root')) throw invalidRequest('root tokens may not be created without parent token being root')
    if (type === 'batch') throw invalidRequest('batch tokens cannot be root tokens')
  }

  let orphan = orphanEndpoint
  let boundCidrs: string[] = []
  if (role) {
    orphan = role.orphan
    if (role.token_bound_cidrs.length > 0) boundCidrs = role.token_bound_cidrs
  } else if (data.no_parent) {
    if (!isSudo) throw invalidRequest('root or sudo privileges required to create orphan token')
    orphan = true
  }

  let entityId = ''
  if (explicitEntityId !== '') entityId = explicitEntityId
  else if (!orphan) {
    entityId = parent.entity_id
    // Roles set their own CIDRs; plain children inherit the parent's.
    if (!role) boundCidrs = parent.bound_cidrs
  }

  const requested = requestedLifetimes(ctx, isSudo)
  let explicitMax = requested.explicitMax
  let period = requested.period
  if (role && type !== 'batch') {
    if (role.token_explicit_max_ttl !== 0) {
      if (explicitMax === 0) explicitMax = role.token_explicit_max_ttl
      else {
        explicitMax = Math.min(explicitMax, role.token_explicit_max_ttl)
        warnings.push(`Explicit max TTL specified both during creation call and in role; using the lesser value of ${explicitMax} seconds`)
      }
    }
    if (role.token_period !== 0) {
      if (period === 0) period = role.token_period
      else {
        period = Math.min(period, role.token_period)
        warnings.push(`Period specified both during creation call and in role; using the lesser value of ${period} seconds`)
      }
    }
  }

  const mountTtls = ctx.core.mountTtls(ctx.mount)
  let ttl = requested.ttl
  // Root tokens asked for without a TTL never expire; everything else gets one.
  if (period > 0 || ttl > 0 || !policies.includes('root')) {
    const result = calculateTtl({ backendTtl: ttl, period, explicitMaxTtl: explicitMax, mount: mountTtls, nowMs: ctx.clock.now() })
    warnings.push(...result.warnings)
    ttl = result.ttl
  }
  if (ttl === 0 && explicitMax > 0) ttl = explicitMax
  if (ttl === 0) {
    if (parent.creation_ttl !== 0) throw invalidRequest('expiring root tokens cannot create non-expiring root tokens')
    renewable = false
    boundCidrs = []
  }

  if (data.id !== '') {
    warnings.push(CUSTOM_ID_WARNING)
    if (type === 'service') checkCustomId(ctx, data.id)
  }

  const entry = ctx.core.tokens.create({
    ...(data.id !== '' && type === 'service' ? { id: data.id } : {}),
    parent: orphan ? undefined : parent,
    policies,
    path,
    meta,
    displayName,
    numUses,
    ttl,
    explicitMaxTtl: requested.explicitMax,
    period: requested.period,
    renewable,
    type,
    entityId,
    boundCidrs,
    ...(role ? { role: role.name } : {}),
    mountMaxTtl: mountTtls.maxTtl,
  })

  for (const p of policies) {
    if (p !== 'root' && !ctx.core.policies.get(p)) warnings.push(`Policy ${JSON.stringify(p)} does not exist`)
  }
  return { auth: ctx.core.tokens.authBlock(entry), ...(warnings.length > 0 ? { warnings } : {}) }
}

export const createPath = definePath({
  pattern: 'create',
  fields: createFields,
  operations: { update: (ctx) => createToken(ctx, false, undefined) },
  synopsis: 'Create a child of the calling token.',
})

export const createOrphanPath = definePath({
  pattern: 'create-orphan',
  fields: createFields,
  operations: { update: (ctx) => createToken(ctx, true, undefined) },
  synopsis: 'Create a token with no parent.',
})

export const createRolePath = definePath({
  pattern: 'create/:role_name',
  fields: roleCreateFields,
  operations: {
    update: (ctx) => {
      const role = readRole(ctx.storage, ctx.data.role_name)
      if (!role) throw invalidRequest(`unknown role ${ctx.data.role_name}`)
      return createToken(ctx, false, role)
    },
  },
  synopsis: 'Create a token against a role.',
})

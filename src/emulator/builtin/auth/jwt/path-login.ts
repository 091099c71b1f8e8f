// API: https://developer.hashicorp.com/vault/api-docs/auth/jwt#jwt-login
import { definePath } from '../../../framework/path.js'
import type { PathDefinition, RequestContext } from '../../../framework/path.js'
import { field } from '../../../framework/fields.js'
import { issueLoginToken } from '../../../framework/token-fields.js'
import { badToken, invalidRequest } from '../../../core/errors.js'
import { addressAllowed } from '../../../core/cidr.js'
import type { AuthBlock } from '../../../core/request.js'
import { JwtValidationError, validateJwt } from '../jwt-validation.js'
import type { KeySource } from '../jwt-validation.js'
import { validateBoundClaims } from './claims.js'
import { readConfig } from './config-store.js'
import type { JwtConfig } from './config-store.js'
import { createIdentity } from './identity.js'
import type { JwtMountState } from './mount-state.js'
import { SUPPORTED_ALGS } from './path-config.js'
import { readRole } from './role-store.js'
import type { JwtRole } from './role-store.js'

const loginFields = {
  role: field.lowercaseString({ doc: 'The role to log in against (default: the config default_role).' }),
  jwt: field.string({ doc: 'The signed JWT to validate.', sensitive: true }),
  distributed_claim_access_token: field.string({ doc: 'Token for Azure distributed group claims (not emulated).', sensitive: true }),
}

/** Issue the login token for an authenticated identity (shared with the OIDC callback). */
export function loginAuth(ctx: RequestContext, roleName: string, role: JwtRole, claims: Record<string, unknown>): AuthBlock {
  let identity
  try {
    identity = createIdentity(claims, roleName, role)
  } catch (err) {
    throw invalidRequest(err instanceof Error ? err.message : String(err))
  }
  try {
    validateBoundClaims(role.bound_claims_type, role.bound_claims ?? {}, claims)
  } catch (err) {
    throw invalidRequest(`error validating claims: ${err instanceof Error ? err.message : String(err)}`)
  }
  return issueLoginToken(ctx, role.token, { displayName: identity.aliasName, metadata: identity.metadata, aliasName: identity.aliasName })
}

async function keySource(state: JwtMountState, config: JwtConfig, refresh: boolean): Promise<KeySource> {
  try {
    return await state.keys.source(config, refresh)
  } catch (err) {
    const detail = err instanceof Error ? err.message : String(err)
    if (config.jwks_url !== '') throw invalidRequest(`error validating token: error verifying token signature: fetching keys oidc: get keys failed: ${detail}`)
    throw invalidRequest(`error configuring token validator: ${detail}`)
  }
}

async function validate(ctx: RequestContext, state: JwtMountState, config: JwtConfig, role: JwtRole, jwt: string): Promise<Record<string, unknown>> {
  const expected = {
    ...(config.bound_issuer === '' ? {} : { issuer: config.bound_issuer }),
    ...(role.bound_subject === '' ? {} : { subject: role.bound_subject }),
    audiences: role.bound_audiences ?? [],
    algorithms: config.jwt_supported_algs.length > 0 ? config.jwt_supported_algs : SUPPORTED_ALGS,
    notBeforeLeeway: role.not_before_leeway,
    expirationLeeway: role.expiration_leeway,
    clockSkewLeeway: role.clock_skew_leeway,
  }
  let source = await keySource(state, config, false)
  for (let attempt = 0; ; attempt++) {
    try {
      return await validateJwt(jwt, source, expected, ctx.clock.now())
    } catch (err) {
      if (!(err instanceof JwtValidationError)) throw err
      // A remote key set may have rotated: fetch it once more before giving up.
      if (attempt === 0 && source.kind === 'jwks' && err.message.startsWith('error verifying token signature')) {
        source = await keySource(state, config, true)
        continue
      }
      throw invalidRequest(`error validating token: ${err.message}`)
    }
  }
}

function hasAudience(claims: Record<string, unknown>): boolean {
  const aud = claims['aud']
  return Array.isArray(aud) ? aud.length > 0 : typeof aud === 'string' && aud !== ''
}

export function loginPath(state: JwtMountState): PathDefinition {
  return definePath({
    pattern: 'login',
    fields: loginFields,
    operations: {
      update: async (ctx) => {
        const config = readConfig(ctx.storage)
        if (!config) throw invalidRequest('could not load configuration')
        const roleName = ctx.data.role !== '' ? ctx.data.role : config.default_role
        if (roleName === '') throw invalidRequest('missing role')
        const role = readRole(ctx.storage, roleName)
        if (!role) throw invalidRequest(`role ${JSON.stringify(roleName)} could not be found`)
        if (role.role_type === 'oidc') throw invalidRequest('role with oidc role_type is not allowed')
        if (ctx.data.jwt === '') throw invalidRequest('missing token')
        if (!addressAllowed(role.token.token_bound_cidrs, ctx.req.connection.remoteAddress)) throw badToken()

        const claims = await validate(ctx, state, config, role, ctx.data.jwt)
        if ((role.bound_audiences ?? []).length === 0 && hasAudience(claims)) {
          throw invalidRequest('audience claim found in JWT but no audiences bound to the role')
        }
        return { auth: loginAuth(ctx, roleName, role, claims) }
      },
    },
    synopsis: 'Authenticates to Vault using a JWT (or OIDC) token.',
  })
}

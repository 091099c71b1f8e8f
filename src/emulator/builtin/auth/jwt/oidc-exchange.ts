/**
 * The relying-party half of the OIDC authorization-code flow (what cap's
 * `oidc.Provider` does for Vault): the authorization URL with PKCE, the code
 * exchange at the token endpoint, ID-token verification (signature, issuer,
 * audience, nonce, times on the virtual clock) and the userinfo merge.
 */
import { createHash } from 'node:crypto'
import { randomBase62 } from '../../../core/ids.js'
import { outboundRequest } from '../outbound-http.js'
import { validateJwt } from '../jwt-validation.js'
import type { KeySource } from '../jwt-validation.js'
import type { JwtConfig } from './config-store.js'
import type { ProviderMetadata } from './oidc-discovery.js'
import type { OidcRequest } from './oidc-requests.js'
import type { JwtRole } from './role-store.js'

/** State, nonce and PKCE verifier for a new login, in cap's formats. */
export function newRequestSecrets(): { state: string; nonce: string; codeVerifier: string } {
  return { state: `st_${randomBase62(20)}`, nonce: `n_${randomBase62(20)}`, codeVerifier: randomBase62(43) }
}

export function authorizationUrl(provider: ProviderMetadata, config: JwtConfig, role: JwtRole, request: OidcRequest): string {
  const scopes = role.oidc_scopes ?? []
  const params = new URLSearchParams({
    client_id: config.oidc_client_id,
    code_challenge: createHash('sha256').update(request.codeVerifier).digest('base64url'),
    code_challenge_method: 'S256',
    nonce: request.nonce,
    redirect_uri: request.redirectUri,
    response_type: 'code',
    scope: (scopes.includes('openid') ? scopes : ['openid', ...scopes]).join(' '),
    state: request.state,
    ...(role.max_age > 0 ? { max_age: String(role.max_age) } : {}),
  })
  params.sort()
  const sep = provider.authorization_endpoint.includes('?') ? '&' : '?'
  return `${provider.authorization_endpoint}${sep}${params.toString()}`
}

export interface ExchangeResult {
  claims: Record<string, unknown>
  accessToken: string
}

function parseObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text)
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined
  } catch {
    return undefined
  }
}

/** Trade the code for tokens and verify the ID token; throws with the reason. */
export async function exchangeCode(
  provider: ProviderMetadata,
  config: JwtConfig,
  role: JwtRole,
  request: OidcRequest,
  code: string,
  keys: KeySource,
  nowMs: number,
): Promise<ExchangeResult> {
  const basic = Buffer.from(`${encodeURIComponent(config.oidc_client_id)}:${encodeURIComponent(config.oidc_client_secret)}`).toString('base64')
  const reply = await outboundRequest({
    method: 'POST',
    url: provider.token_endpoint,
    headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body: new URLSearchParams({ code, code_verifier: request.codeVerifier, grant_type: 'authorization_code', redirect_uri: request.redirectUri }).toString(),
    ...(config.oidc_discovery_ca_pem === '' ? {} : { caPem: config.oidc_discovery_ca_pem }),
  })
  const body = parseObject(reply.body)
  if (reply.status < 200 || reply.status > 299) throw new Error(`Provider.Exchange: unable to exchange auth code with provider: oauth2: cannot fetch token: ${reply.status}\nResponse: ${reply.body}`)
  const idToken = typeof body?.['id_token'] === 'string' ? body['id_token'] : ''
  if (idToken === '') throw new Error('Provider.Exchange: id_token is missing from auth code exchange')
  const claims = await validateJwt(
    idToken,
    keys,
    { issuer: provider.issuer, audiences: [config.oidc_client_id], algorithms: config.jwt_supported_algs.length > 0 ? config.jwt_supported_algs : ['RS256'], clockSkewLeeway: role.clock_skew_leeway },
    nowMs,
  ).catch((err: unknown) => {
    throw new Error(`Provider.Exchange: id_token failed verification: ${err instanceof Error ? err.message : String(err)}`)
  })
  const bound = role.bound_audiences ?? []
  const aud = typeof claims['aud'] === 'string' ? [claims['aud']] : Array.isArray(claims['aud']) ? claims['aud'] : []
  if (bound.length > 0 && !bound.some((a) => aud.includes(a))) {
    throw new Error('Provider.Exchange: id_token failed verification: Provider.VerifyIDToken: invalid id_token audiences: invalid audience')
  }
  if (claims['nonce'] !== request.nonce) throw new Error('Provider.Exchange: id_token failed verification: Provider.VerifyIDToken: invalid id_token nonce: invalid nonce')
  return { claims, accessToken: typeof body?.['access_token'] === 'string' ? body['access_token'] : '' }
}

/** Merge the userinfo endpoint's claims (best effort: failures are ignored, as Vault only logs them). */
export async function mergeUserInfo(provider: ProviderMetadata, config: JwtConfig, accessToken: string, claims: Record<string, unknown>): Promise<void> {
  if (!provider.userinfo_endpoint || accessToken === '') return
  try {
    const reply = await outboundRequest({
      method: 'GET',
      url: provider.userinfo_endpoint,
      headers: { authorization: `Bearer ${accessToken}`, accept: 'application/json' },
      ...(config.oidc_discovery_ca_pem === '' ? {} : { caPem: config.oidc_discovery_ca_pem }),
    })
    const info = reply.status === 200 ? parseObject(reply.body) : undefined
    if (info && info['sub'] === claims['sub']) Object.assign(claims, info)
  } catch {
    // Vault logs "error reading /userinfo endpoint" and carries on.
  }
}

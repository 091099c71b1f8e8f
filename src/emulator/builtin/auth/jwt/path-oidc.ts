// API: https://developer.hashicorp.com/vault/api-docs/auth/jwt#oidc-authorization-url-request
import { definePath } from '../../../framework/path.js'
import type { PathDefinition } from '../../../framework/path.js'
import { field } from '../../../framework/fields.js'
import { VaultError, badToken, internalError, invalidRequest } from '../../../core/errors.js'
import { addressAllowed } from '../../../core/cidr.js'
import { readConfig, isOidcFlow } from './config-store.js'
import type { JwtMountState } from './mount-state.js'
import { readRole } from './role-store.js'
import { authorizationUrl, exchangeCode, mergeUserInfo, newRequestSecrets } from './oidc-exchange.js'
import { loginAuth } from './path-login.js'

const LOGIN_FAILED = 'Vault login failed.'

function isLoopback(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '')
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host)
}

/** Vault's `validRedirect`: exact (case-insensitive) match, except that loopback URIs may use any port. */
function validRedirect(uri: string, allowed: readonly string[]): boolean {
  let input: URL
  try {
    input = new URL(uri)
  } catch {
    return false
  }
  if (!isLoopback(input.hostname)) return allowed.some((a) => a.toLowerCase() === uri.toLowerCase())
  input.port = ''
  return allowed.some((a) => {
    try {
      const candidate = new URL(a)
      candidate.port = ''
      return candidate.toString() === input.toString()
    } catch {
      return false
    }
  })
}

function stripNamespace(uri: string): string {
  try {
    const url = new URL(uri)
    if (!url.searchParams.has('namespace')) return uri
    url.searchParams.delete('namespace')
    return url.toString()
  } catch {
    return uri
  }
}

export function authUrlPath(state: JwtMountState): PathDefinition {
  return definePath({
    pattern: 'oidc/auth_url',
    fields: {
      role: field.lowercaseString({ doc: 'The role to issue an OIDC authorization URL against.' }),
      redirect_uri: field.string({ doc: 'The OAuth redirect_uri to use in the authorization URL.' }),
      client_nonce: field.string({ doc: 'Optional client nonce that must match during callback.' }),
    },
    operations: {
      update: async (ctx) => {
        const { data } = ctx
        const empty = { data: { auth_url: '' } }
        const config = readConfig(ctx.storage)
        if (!config) throw invalidRequest('could not load configuration')
        if (!isOidcFlow(config)) throw invalidRequest('OIDC login is not configured for this mount')
        const roleName = data.role !== '' ? data.role : config.default_role
        if (roleName === '') throw invalidRequest('missing role')
        if (data.redirect_uri === '') throw invalidRequest('missing redirect_uri')
        const role = readRole(ctx.storage, roleName)
        if (!role) throw invalidRequest(`role ${JSON.stringify(roleName)} could not be found`)
        // Without namespaces, a namespace query parameter is simply dropped.
        const redirectUri = config.namespace_in_state ? stripNamespace(data.redirect_uri) : data.redirect_uri
        // An unauthorised redirect gets an empty URL, not an error (the CLI then reports it).
        if (!validRedirect(redirectUri, role.allowed_redirect_uris ?? [])) return empty
        let provider
        try {
          provider = await state.keys.provider(config)
        } catch {
          return empty
        }
        const request = state.oidc.add({ ...newRequestSecrets(), role: roleName, redirectUri, clientNonce: data.client_nonce })
        return { data: { auth_url: authorizationUrl(provider, config, role, request) } }
      },
    },
    synopsis: 'Request an authorization URL to start an OIDC login flow.',
  })
}

export function callbackPath(state: JwtMountState): PathDefinition {
  return definePath({
    pattern: 'oidc/callback',
    fields: {
      state: field.string({ doc: 'OAuth state.' }),
      code: field.string({ doc: 'Authorization code.', sensitive: true }),
      id_token: field.string({ doc: 'ID token (form_post only; not emulated).', sensitive: true }),
      client_nonce: field.string({ doc: 'The client nonce given to auth_url.' }),
    },
    operations: {
      read: async (ctx) => {
        const { data } = ctx
        const config = readConfig(ctx.storage)
        if (!config) throw invalidRequest(`${LOGIN_FAILED} Could not load configuration`)
        const request = state.oidc.take(data.state)
        if (!request) throw invalidRequest(`${LOGIN_FAILED} Expired or missing OAuth state.`)
        if (request.clientNonce !== '' && data.client_nonce !== request.clientNonce) throw invalidRequest('invalid client_nonce')
        const role = readRole(ctx.storage, request.role)
        if (!role) throw invalidRequest(`${LOGIN_FAILED} Role could not be found`)
        if (!addressAllowed(role.token.token_bound_cidrs, ctx.req.connection.remoteAddress)) throw badToken()
        if (data.code === '') throw invalidRequest(`${LOGIN_FAILED} No code or id_token received.`)

        let provider
        let keys
        try {
          provider = await state.keys.provider(config)
          keys = await state.keys.source(config)
        } catch (err) {
          throw internalError(`error getting provider for login operation: ${err instanceof Error ? err.message : String(err)}`)
        }
        let exchanged
        try {
          exchanged = await exchangeCode(provider, config, role, request, data.code, keys, ctx.clock.now())
        } catch (err) {
          throw invalidRequest(`${LOGIN_FAILED} Error exchanging oidc code: ${JSON.stringify(err instanceof Error ? err.message : String(err))}.`)
        }
        const claims = exchanged.claims
        delete claims['nonce']
        const subject = typeof claims['sub'] === 'string' ? claims['sub'] : ''
        // Returned as a plain Go error in Vault, hence a 500.
        if (role.bound_subject !== '' && role.bound_subject !== subject) throw internalError('sub claim does not match bound subject')
        await mergeUserInfo(provider, config, exchanged.accessToken, claims)
        return { auth: loginAuth(ctx, request.role, role, claims) }
      },
      // Vault answers form_post callbacks only when oidc_response_mode is form_post, which is not emulated.
      update: () => {
        throw new VaultError('unsupported-operation', '')
      },
    },
    synopsis: 'Callback endpoint to complete an OIDC login.',
  })
}

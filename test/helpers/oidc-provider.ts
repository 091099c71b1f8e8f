/**
 * A small but real OpenID Connect provider for tests, built on jose and
 * node:http(s): discovery, JWKS, an authorization endpoint that logs in one
 * configured user without asking (the "browser" step), a token endpoint with
 * client authentication and PKCE, and userinfo. It also mints plain JWTs
 * with its key, for JWT logins.
 */
import http from 'node:http'
import https from 'node:https'
import type { AddressInfo } from 'node:net'
import { createHash, generateKeyPairSync, randomUUID } from 'node:crypto'
import type { KeyObject } from 'node:crypto'
import { SignJWT, exportJWK } from 'jose'

export interface OidcProviderOptions {
  /** The clock tokens are stamped with (epoch ms); pass the emulator's. */
  now: () => number
  clientId?: string
  clientSecret?: string
  /** Serve HTTPS with this certificate (see test-tls.ts). */
  tls?: { cert: string; key: string }
  /** The CA the "browser" of {@link TestOidcProvider.authorize} trusts, with `tls`. */
  caPem?: string
}

export interface TokenRequest {
  authorization: string | undefined
  form: Record<string, string>
}

export interface TestOidcProvider {
  /** Base URL, also the `iss` of its tokens (what `oidc_discovery_url` takes). */
  readonly issuer: string
  readonly jwksUrl: string
  readonly clientId: string
  readonly clientSecret: string
  /** PEM of the current signing key (what `jwt_validation_pubkeys` takes). */
  readonly publicKeyPem: string
  /** Claims of the user the authorization endpoint logs in. */
  user: Record<string, unknown>
  /** Extra claims only the userinfo endpoint returns. */
  userInfo: Record<string, unknown>
  /** Token endpoint requests seen so far. */
  readonly tokenRequests: TokenRequest[]
  /** A JWT signed with the provider's key: `iss`, `iat`, `nbf`, `exp` (+1h) filled in unless given. */
  sign(claims: Record<string, unknown>, options?: { key?: KeyObject; kid?: string }): Promise<string>
  /** Replace the signing key (the JWKS changes with it). */
  rotateKey(): void
  /** Follow an authorization URL as a browser would; returns the redirect the provider answers with. */
  authorize(authUrl: string): Promise<URL>
  close(): Promise<void>
}

interface PendingCode {
  clientId: string
  redirectUri: string
  nonce: string
  challenge: string
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    req.on('error', reject)
  })
}

function json(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' })
  res.end(JSON.stringify(body))
}

export async function startOidcProvider(options: OidcProviderOptions): Promise<TestOidcProvider> {
  const clientId = options.clientId ?? 'vault-app'
  const clientSecret = options.clientSecret ?? 'client-secret-here'
  let key = generateKeyPairSync('rsa', { modulusLength: 2048 })
  let kid = randomUUID()
  const codes = new Map<string, PendingCode>()
  const accessTokens = new Map<string, string>()
  const tokenRequests: TokenRequest[] = []
  let issuer = ''

  const provider: TestOidcProvider = {
    get issuer() {
      return issuer
    },
    get jwksUrl() {
      return `${issuer}/jwks`
    },
    clientId,
    clientSecret,
    get publicKeyPem() {
      return key.publicKey.export({ type: 'spki', format: 'pem' }).toString()
    },
    user: { sub: 'alice-id', email: 'alice@example.com', groups: ['engineering'] },
    userInfo: {},
    tokenRequests,
    async sign(claims, signOptions = {}) {
      const now = Math.floor(options.now() / 1000)
      return new SignJWT({ iss: issuer, iat: now, nbf: now, exp: now + 3600, ...claims })
        .setProtectedHeader({ alg: 'RS256', kid: signOptions.kid ?? kid })
        .sign(signOptions.key ?? key.privateKey)
    },
    rotateKey() {
      key = generateKeyPairSync('rsa', { modulusLength: 2048 })
      kid = randomUUID()
    },
    authorize(authUrl) {
      // The "browser" trusts the provider's certificate (it is not in the system roots).
      return new Promise<URL>((resolve, reject) => {
        const get = authUrl.startsWith('https:') ? https.get : http.get
        get(authUrl, { ...(options.tls ? { ca: options.caPem } : {}) }, (res) => {
          res.resume()
          const location = res.headers.location
          if (res.statusCode !== 302 || !location) reject(new Error(`authorize answered ${res.statusCode ?? 0}`))
          else resolve(new URL(location))
        }).on('error', reject)
      })
    },
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve())
      server.closeAllConnections()
    }),
  }

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', issuer)
    if (url.pathname === '/.well-known/openid-configuration') {
      return json(res, 200, {
        issuer,
        authorization_endpoint: `${issuer}/authorize`,
        token_endpoint: `${issuer}/token`,
        jwks_uri: `${issuer}/jwks`,
        userinfo_endpoint: `${issuer}/userinfo`,
        response_types_supported: ['code'],
        subject_types_supported: ['public'],
        id_token_signing_alg_values_supported: ['RS256'],
        code_challenge_methods_supported: ['S256'],
      })
    }
    if (url.pathname === '/jwks') {
      return json(res, 200, { keys: [{ ...(await exportJWK(key.publicKey)), kid, alg: 'RS256', use: 'sig' }] })
    }
    if (url.pathname === '/authorize') {
      const q = url.searchParams
      const redirectUri = q.get('redirect_uri') ?? ''
      if (q.get('client_id') !== clientId || q.get('response_type') !== 'code' || q.get('code_challenge_method') !== 'S256' || !q.get('scope')?.split(' ').includes('openid')) {
        return json(res, 400, { error: 'invalid_request' })
      }
      const code = randomUUID()
      codes.set(code, { clientId, redirectUri, nonce: q.get('nonce') ?? '', challenge: q.get('code_challenge') ?? '' })
      const target = new URL(redirectUri)
      target.searchParams.set('code', code)
      target.searchParams.set('state', q.get('state') ?? '')
      res.writeHead(302, { location: target.toString() })
      return void res.end()
    }
    if (url.pathname === '/token' && req.method === 'POST') {
      const form = Object.fromEntries(new URLSearchParams(await readBody(req)))
      tokenRequests.push({ authorization: req.headers.authorization, form })
      const expected = `Basic ${Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(clientSecret)}`).toString('base64')}`
      if (req.headers.authorization !== expected) return json(res, 401, { error: 'invalid_client' })
      const pending = codes.get(form['code'] ?? '')
      codes.delete(form['code'] ?? '')
      if (!pending || form['grant_type'] !== 'authorization_code' || form['redirect_uri'] !== pending.redirectUri) return json(res, 400, { error: 'invalid_grant' })
      const challenge = createHash('sha256').update(form['code_verifier'] ?? '').digest('base64url')
      if (challenge !== pending.challenge) return json(res, 400, { error: 'invalid_grant', error_description: 'PKCE verification failed' })
      const accessToken = randomUUID()
      accessTokens.set(accessToken, String(provider.user['sub']))
      const idToken = await provider.sign({ ...provider.user, aud: pending.clientId, nonce: pending.nonce })
      return json(res, 200, { access_token: accessToken, token_type: 'Bearer', expires_in: 3600, id_token: idToken })
    }
    if (url.pathname === '/userinfo') {
      const token = (req.headers.authorization ?? '').replace(/^Bearer /, '')
      if (!accessTokens.has(token)) return json(res, 401, { error: 'invalid_token' })
      return json(res, 200, { ...provider.user, ...provider.userInfo })
    }
    json(res, 404, { error: 'not_found' })
  }

  const listener = (req: http.IncomingMessage, res: http.ServerResponse) => {
    handle(req, res).catch((err: unknown) => json(res, 500, { error: String(err) }))
  }
  const server = options.tls ? https.createServer({ cert: options.tls.cert, key: options.tls.key }, listener) : http.createServer(listener)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  issuer = `${options.tls ? 'https' : 'http'}://127.0.0.1:${(server.address() as AddressInfo).port}`
  return provider
}

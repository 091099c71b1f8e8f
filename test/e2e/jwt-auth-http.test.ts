/**
 * JWT and OIDC auth over real HTTP: node-vault's jwtLogin against an HTTPS
 * OIDC provider (discovery and JWKS verified with oidc_discovery_ca_pem), and
 * the lesson's OIDC browser login (Part 5) as `vault login -method=oidc` does it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { generateKeyPairSync } from 'node:crypto'
import nodeVault from 'node-vault'
import { startVaultEmulator } from 'vault-emu'
import type { VaultEmulator } from 'vault-emu'
import { startOidcProvider } from '../helpers/oidc-provider.js'
import type { TestOidcProvider } from '../helpers/oidc-provider.js'
import { createTestTls } from '../helpers/test-tls.js'

let vault: VaultEmulator
let root: nodeVault.client
let provider: TestOidcProvider

interface ApiError {
  response: { statusCode: number; body: { errors: string[] } }
}

async function failure(promise: Promise<unknown>): Promise<ApiError['response']> {
  try {
    await promise
  } catch (err) {
    return (err as ApiError).response
  }
  throw new Error('expected the call to fail')
}

/** node-vault's login helpers switch the client to the new token: one client per login. */
const client = (): nodeVault.client => nodeVault({ endpoint: vault.addr })

beforeAll(async () => {
  vault = await startVaultEmulator({ port: 0 })
  root = nodeVault({ endpoint: vault.addr, token: vault.rootToken })
  const tls = createTestTls()
  provider = await startOidcProvider({ now: () => vault.clock.now(), tls, caPem: tls.caPem })
  await root.enableAuth({ mount_point: 'jwt', type: 'jwt' })
  await root.write('auth/jwt/config', { oidc_discovery_url: provider.issuer, oidc_discovery_ca_pem: tls.caPem, bound_issuer: provider.issuer })
  await root.write('auth/jwt/role/ci', { role_type: 'jwt', user_claim: 'sub', bound_audiences: 'vault', bound_claims: { repo: 'acme/app' }, token_policies: 'ci', token_ttl: '10m' })
  // vault auth enable oidc; vault write auth/oidc/config oidc_discovery_url=... oidc_client_id=vault-app oidc_client_secret=... default_role=engineer
  await root.enableAuth({ mount_point: 'oidc', type: 'oidc' })
  await root.write('auth/oidc/config', {
    oidc_discovery_url: provider.issuer,
    oidc_discovery_ca_pem: tls.caPem,
    oidc_client_id: 'vault-app',
    oidc_client_secret: 'client-secret-here',
    default_role: 'engineer',
  })
  await root.write('auth/oidc/role/engineer', { user_claim: 'email', allowed_redirect_uris: 'http://localhost:8250/oidc/callback', token_policies: 'engineer' })
})

afterAll(async () => {
  await provider.close()
  await vault.stop()
})

describe('JWT auth over HTTP', () => {
  it('logs a CI job in with its JWT', async () => {
    const jwt = await provider.sign({ sub: 'repo:acme/app:ref:main', aud: 'vault', repo: 'acme/app' })
    const ci = client()
    const login = await ci.jwtLogin({ role: 'ci', jwt })
    expect(login.auth).toMatchObject({ policies: ['ci', 'default'], lease_duration: 600, metadata: { role: 'ci' }, orphan: true })
    expect(ci.token).toBe(login.auth.client_token)
    const self = await root.write('auth/token/lookup', { token: login.auth.client_token })
    expect(self.data.display_name).toBe('jwt-repo:acme/app:ref:main')
  })

  it('refuses a wrong audience, an expired token, a bad signature, other claims and an unknown role', async () => {
    const claims = { sub: 'repo:acme/app:ref:main', aud: 'vault', repo: 'acme/app' }
    expect(await failure(client().jwtLogin({ role: 'ci', jwt: await provider.sign({ ...claims, aud: 'other' }) }))).toMatchObject({
      statusCode: 400,
      body: { errors: ['error validating token: invalid audience (aud) claim: audience claim does not match any expected audience'] },
    })
    const shortLived = await provider.sign({ ...claims, exp: vault.clock.unix() + 60 })
    await vault.clock.advance('3m')
    expect(await failure(client().jwtLogin({ role: 'ci', jwt: shortLived }))).toMatchObject({
      statusCode: 400,
      body: { errors: ['error validating token: invalid expiration time (exp) claim: token is expired'] },
    })
    const forged = await provider.sign(claims, { key: generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey })
    expect(await failure(client().jwtLogin({ role: 'ci', jwt: forged }))).toMatchObject({
      statusCode: 400,
      body: { errors: ['error validating token: error verifying token signature: failed to verify id token signature'] },
    })
    expect(await failure(client().jwtLogin({ role: 'ci', jwt: await provider.sign({ ...claims, repo: 'acme/other' }) }))).toMatchObject({
      statusCode: 400,
      body: { errors: ['error validating claims: claim "repo" does not match any associated bound claim values'] },
    })
    expect(await failure(client().jwtLogin({ role: 'nope', jwt: await provider.sign(claims) }))).toMatchObject({
      statusCode: 400,
      body: { errors: ['role "nope" could not be found'] },
    })
  })
})

describe('Part 5: OIDC for humans (vault login -method=oidc role=engineer)', () => {
  it('runs the browser flow: auth_url, the provider, the callback', async () => {
    const anonymous = client()
    const start = await anonymous.write('auth/oidc/oidc/auth_url', { role: 'engineer', redirect_uri: 'http://localhost:8250/oidc/callback', client_nonce: 'cli' })
    expect(start.data.auth_url).toMatch(new RegExp(`^${provider.issuer}/authorize\\?client_id=vault-app&`))
    const back = await provider.authorize(start.data.auth_url as string)
    const query = new URLSearchParams({ state: back.searchParams.get('state') ?? '', code: back.searchParams.get('code') ?? '', client_nonce: 'cli' })
    const login = await anonymous.read(`auth/oidc/oidc/callback?${query.toString()}`)
    expect(login.auth).toMatchObject({ policies: ['default', 'engineer'], metadata: { role: 'engineer' } })
    const self = await root.write('auth/token/lookup', { token: login.auth.client_token })
    expect(self.data.display_name).toBe('oidc-alice@example.com')
    expect(await failure(anonymous.read(`auth/oidc/oidc/callback?${query.toString()}`))).toMatchObject({
      statusCode: 400,
      body: { errors: ['Vault login failed. Expired or missing OAuth state.'] },
    })
  })
})

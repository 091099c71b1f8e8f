/**
 * The OIDC authorization-code flow `vault login -method=oidc` drives, against
 * a real (test) OIDC provider: auth_url, the browser's trip to the provider,
 * then the callback Vault's CLI listener forwards.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createVaultEmulator } from '../../../emulator.js'
import type { VaultEmulator } from '../../../emulator.js'
import type { AuthBlock } from '../../../core/request.js'
import { startOidcProvider } from '../../../../../test/helpers/oidc-provider.js'
import type { TestOidcProvider } from '../../../../../test/helpers/oidc-provider.js'

const REDIRECT = 'http://localhost:8250/oidc/callback'

let vault: VaultEmulator
let provider: TestOidcProvider

beforeAll(async () => {
  vault = await createVaultEmulator({ clock: { mode: 'frozen', start: '2030-01-01T00:00:00Z' } })
  provider = await startOidcProvider({ now: () => vault.clock.now() })
  await vault.request('POST', 'sys/auth/oidc', { data: { type: 'oidc' } })
  const config = await vault.request('POST', 'auth/oidc/config', {
    data: { oidc_discovery_url: provider.issuer, oidc_client_id: provider.clientId, oidc_client_secret: provider.clientSecret, default_role: 'engineer' },
  })
  expect(config.status).toBe(204)
  await vault.request('POST', 'auth/oidc/role/engineer', {
    data: { user_claim: 'email', allowed_redirect_uris: REDIRECT, groups_claim: 'groups', claim_mappings: { team: 'team' }, token_policies: 'eng', token_ttl: '1h' },
  })
})

afterAll(async () => {
  await provider.close()
  await vault.stop()
})

async function authUrl(data: Record<string, unknown>): Promise<{ status: number; url: string; errors?: string[] }> {
  const reply = await vault.request('POST', 'auth/oidc/oidc/auth_url', { token: '', data })
  const json = reply.json as { data?: { auth_url: string }; errors?: string[] }
  return { status: reply.status, url: json.data?.auth_url ?? '', ...(json.errors ? { errors: json.errors } : {}) }
}

async function callback(query: Record<string, string>) {
  const reply = await vault.request('GET', 'auth/oidc/oidc/callback', { token: '', data: query })
  return reply as { status: number; json: { auth?: AuthBlock; errors?: string[] } }
}

describe('OIDC login flow', () => {
  it('builds the authorization URL, exchanges the code with PKCE, and logs the user in', async () => {
    provider.userInfo = { team: 'platform' }
    const start = await authUrl({ role: 'engineer', redirect_uri: REDIRECT, client_nonce: 'cli-nonce' })
    expect(start.status).toBe(200)
    const url = new URL(start.url)
    expect(`${url.origin}${url.pathname}`).toBe(`${provider.issuer}/authorize`)
    expect([...url.searchParams.keys()]).toEqual(['client_id', 'code_challenge', 'code_challenge_method', 'nonce', 'redirect_uri', 'response_type', 'scope', 'state'])
    expect(Object.fromEntries(url.searchParams)).toMatchObject({
      client_id: 'vault-app',
      code_challenge_method: 'S256',
      nonce: expect.stringMatching(/^n_[0-9A-Za-z]{20}$/),
      redirect_uri: REDIRECT,
      response_type: 'code',
      scope: 'openid',
      state: expect.stringMatching(/^st_[0-9A-Za-z]{20}$/),
    })

    // The browser: the provider logs the user in and sends it back to the CLI's listener.
    const back = await provider.authorize(start.url)
    expect(`${back.origin}${back.pathname}`).toBe(REDIRECT)
    const state = back.searchParams.get('state') ?? ''
    const code = back.searchParams.get('code') ?? ''
    const reply = await callback({ state, code, client_nonce: 'cli-nonce' })
    expect(reply.status).toBe(200)
    expect(reply.json.auth).toMatchObject({
      policies: ['default', 'eng'],
      metadata: { role: 'engineer', team: 'platform' },
      lease_duration: 3600,
      orphan: true,
    })
    const lookup = await vault.request('POST', 'auth/token/lookup', { data: { token: reply.json.auth?.client_token } })
    expect(lookup.json).toMatchObject({ data: { display_name: 'oidc-alice@example.com', path: 'auth/oidc/oidc/callback' } })

    const exchange = provider.tokenRequests.at(-1)
    expect(exchange?.form).toMatchObject({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT, code_verifier: expect.stringMatching(/^[0-9A-Za-z]{43}$/) })
    // A state is good for one login.
    expect(await callback({ state, code, client_nonce: 'cli-nonce' })).toMatchObject({ status: 400, json: { errors: ['Vault login failed. Expired or missing OAuth state.'] } })
    provider.userInfo = {}
  })

  it('uses default_role and accepts the loopback redirect on any port', async () => {
    const start = await authUrl({ redirect_uri: 'http://localhost:9999/oidc/callback' })
    expect(start.url).toContain('redirect_uri=http%3A%2F%2Flocalhost%3A9999%2Foidc%2Fcallback')
    const back = await provider.authorize(start.url)
    expect((await callback({ state: back.searchParams.get('state') ?? '', code: back.searchParams.get('code') ?? '' })).status).toBe(200)
  })

  it('gives an empty auth_url for a redirect the role does not allow, and errors for missing input', async () => {
    expect(await authUrl({ role: 'engineer', redirect_uri: 'https://evil.example/callback' })).toEqual({ status: 200, url: '' })
    expect(await authUrl({ role: 'engineer' })).toMatchObject({ status: 400, errors: ['missing redirect_uri'] })
    expect(await authUrl({ role: 'nope', redirect_uri: REDIRECT })).toMatchObject({ status: 400, errors: ['role "nope" could not be found'] })
  })

  it('refuses a wrong client nonce, and a state older than 10 minutes', async () => {
    const first = await provider.authorize((await authUrl({ role: 'engineer', redirect_uri: REDIRECT, client_nonce: 'a' })).url)
    expect(await callback({ state: first.searchParams.get('state') ?? '', code: first.searchParams.get('code') ?? '', client_nonce: 'b' })).toMatchObject({
      status: 400,
      json: { errors: ['invalid client_nonce'] },
    })
    const second = await provider.authorize((await authUrl({ role: 'engineer', redirect_uri: REDIRECT })).url)
    await vault.clock.advance('11m')
    expect(await callback({ state: second.searchParams.get('state') ?? '', code: second.searchParams.get('code') ?? '' })).toMatchObject({
      status: 400,
      json: { errors: ['Vault login failed. Expired or missing OAuth state.'] },
    })
  })

  it('refuses a code the provider does not honour', async () => {
    const back = await provider.authorize((await authUrl({ role: 'engineer', redirect_uri: REDIRECT })).url)
    const reply = await callback({ state: back.searchParams.get('state') ?? '', code: 'forged-code' })
    expect(reply.status).toBe(400)
    expect(reply.json.errors?.[0]).toMatch(/^Vault login failed\. Error exchanging oidc code: ".*invalid_grant.*"\.$/)
  })

  it('will not log an oidc role in with a bare JWT, nor start the flow on a mount without client credentials', async () => {
    const jwt = await provider.sign({ email: 'alice@example.com', aud: 'vault-app' })
    expect(await vault.request('POST', 'auth/oidc/login', { token: '', data: { role: 'engineer', jwt } })).toMatchObject({
      status: 400,
      json: { errors: ['role with oidc role_type is not allowed'] },
    })
    await vault.request('POST', 'sys/auth/jwt', { data: { type: 'jwt' } })
    await vault.request('POST', 'auth/jwt/config', { data: { oidc_discovery_url: provider.issuer } })
    await vault.request('POST', 'auth/jwt/role/engineer', { data: { user_claim: 'email', allowed_redirect_uris: REDIRECT } })
    expect(await vault.request('POST', 'auth/jwt/oidc/auth_url', { token: '', data: { role: 'engineer', redirect_uri: REDIRECT } })).toMatchObject({
      status: 400,
      json: { errors: ['OIDC login is not configured for this mount'] },
    })
  })
})

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { generateKeyPairSync } from 'node:crypto'
import { createVaultEmulator } from '../../../emulator.js'
import type { VaultEmulator } from '../../../emulator.js'
import type { AuthBlock } from '../../../core/request.js'
import { startOidcProvider } from '../../../../../test/helpers/oidc-provider.js'
import type { TestOidcProvider } from '../../../../../test/helpers/oidc-provider.js'

interface Reply {
  status: number
  json: { auth?: AuthBlock; errors?: string[] }
  body: unknown
}

let vault: VaultEmulator
let provider: TestOidcProvider

beforeAll(async () => {
  vault = await createVaultEmulator({ clock: { mode: 'frozen', start: '2030-01-01T00:00:00Z' } })
  provider = await startOidcProvider({ now: () => vault.clock.now() })
})

afterAll(async () => {
  await provider.close()
  await vault.stop()
})

let mountCount = 0

/** A fresh jwt mount configured with `config`. */
async function mount(config: Record<string, unknown>): Promise<string> {
  const path = `jwt${++mountCount}`
  await vault.request('POST', `sys/auth/${path}`, { data: { type: 'jwt' } })
  const reply = await vault.request('POST', `auth/${path}/config`, { data: config })
  expect(reply.status, JSON.stringify(reply.json)).toBe(204)
  return path
}

async function role(path: string, name: string, data: Record<string, unknown>): Promise<void> {
  const reply = await vault.request('POST', `auth/${path}/role/${name}`, { data: { role_type: 'jwt', ...data } })
  expect(reply.status, JSON.stringify(reply.json)).toBeLessThan(300)
}

async function login(path: string, data: Record<string, unknown>): Promise<Reply> {
  return (await vault.request('POST', `auth/${path}/login`, { token: '', data })) as Reply
}

const CI = { user_claim: 'email', bound_audiences: 'vault', token_policies: 'ci', token_ttl: '15m' }

describe('auth/jwt/login', () => {
  it('logs in with a JWT verified by a static key: metadata from claim_mappings, display name from user_claim', async () => {
    const path = await mount({ jwt_validation_pubkeys: provider.publicKeyPem })
    await role(path, 'ci', { ...CI, claim_mappings: { team: 'team' } })
    const jwt = await provider.sign({ sub: 'alice-id', email: 'alice@example.com', aud: 'vault', team: 'platform' })
    const reply = await login(path, { role: 'ci', jwt })
    expect(reply.status).toBe(200)
    expect(reply.json.auth).toMatchObject({
      policies: ['ci', 'default'],
      metadata: { role: 'ci', team: 'platform' },
      lease_duration: 900,
      orphan: true,
    })
    const lookup = await vault.request('POST', 'auth/token/lookup', { data: { token: reply.json.auth?.client_token } })
    expect(lookup.json).toMatchObject({ data: { display_name: `${path}-alice@example.com` } })
  })

  it('fetches keys from a JWKS URL and again after the provider rotates them', async () => {
    const path = await mount({ jwks_url: provider.jwksUrl })
    await role(path, 'ci', CI)
    const claims = { email: 'alice@example.com', aud: ['vault', 'other'] }
    expect((await login(path, { role: 'ci', jwt: await provider.sign(claims) })).status).toBe(200)
    provider.rotateKey()
    expect((await login(path, { role: 'ci', jwt: await provider.sign(claims) })).status).toBe(200)
  })

  it('verifies with the JWKS of an OIDC discovery URL, and uses default_role', async () => {
    const path = await mount({ oidc_discovery_url: provider.issuer, bound_issuer: provider.issuer, default_role: 'ci' })
    await role(path, 'ci', CI)
    expect((await login(path, { jwt: await provider.sign({ email: 'alice@example.com', aud: 'vault' }) })).status).toBe(200)
    expect(await login(path, { jwt: await provider.sign({ email: 'a@x', aud: 'vault', iss: 'https://elsewhere' }) })).toMatchObject({
      status: 400,
      json: { errors: ['error validating token: invalid issuer (iss) claim'] },
    })
  })

  it('answers role and field errors as Vault does', async () => {
    const path = await mount({ jwt_validation_pubkeys: provider.publicKeyPem })
    await role(path, 'ci', CI)
    await vault.request('POST', `auth/${path}/role/web`, { data: { user_claim: 'sub', allowed_redirect_uris: 'http://localhost:8250/oidc/callback' } })
    const jwt = await provider.sign({ email: 'a@x', aud: 'vault' })
    expect(await login(path, { role: 'nope', jwt })).toMatchObject({ status: 400, json: { errors: ['role "nope" could not be found'] } })
    expect(await login(path, { jwt })).toMatchObject({ status: 400, json: { errors: ['missing role'] } })
    expect(await login(path, { role: 'web', jwt })).toMatchObject({ status: 400, json: { errors: ['role with oidc role_type is not allowed'] } })
    expect(await login(path, { role: 'CI' })).toMatchObject({ status: 400, json: { errors: ['missing token'] } })
  })

  it('checks audiences', async () => {
    const path = await mount({ jwt_validation_pubkeys: provider.publicKeyPem })
    await role(path, 'ci', CI)
    await role(path, 'sub', { user_claim: 'email', bound_subject: 'alice-id' })
    expect(await login(path, { role: 'ci', jwt: await provider.sign({ email: 'a@x', aud: 'other' }) })).toMatchObject({
      status: 400,
      json: { errors: ['error validating token: invalid audience (aud) claim: audience claim does not match any expected audience'] },
    })
    expect(await login(path, { role: 'sub', jwt: await provider.sign({ sub: 'alice-id', email: 'a@x', aud: 'vault' }) })).toMatchObject({
      status: 400,
      json: { errors: ['audience claim found in JWT but no audiences bound to the role'] },
    })
    expect(await login(path, { role: 'sub', jwt: await provider.sign({ sub: 'bob-id', email: 'a@x' }) })).toMatchObject({
      status: 400,
      json: { errors: ['error validating token: invalid subject (sub) claim'] },
    })
    expect((await login(path, { role: 'sub', jwt: await provider.sign({ sub: 'alice-id', email: 'a@x' }) })).status).toBe(200)
  })

  it('applies exp, nbf and the leeways on the virtual clock', async () => {
    const path = await mount({ jwt_validation_pubkeys: provider.publicKeyPem })
    await role(path, 'ci', CI)
    await role(path, 'strict', { ...CI, clock_skew_leeway: -1 })
    const now = vault.clock.unix()
    const jwt = await provider.sign({ email: 'a@x', aud: 'vault', exp: now + 600 })
    await vault.clock.advance('10m30s')
    expect((await login(path, { role: 'ci', jwt })).status).toBe(200)
    expect(await login(path, { role: 'strict', jwt })).toMatchObject({ status: 400, json: { errors: ['error validating token: invalid expiration time (exp) claim: token is expired'] } })
    await vault.clock.advance('1m')
    expect(await login(path, { role: 'ci', jwt })).toMatchObject({ status: 400, json: { errors: ['error validating token: invalid expiration time (exp) claim: token is expired'] } })

    const later = vault.clock.unix() + 300
    const early = await provider.sign({ email: 'a@x', aud: 'vault', nbf: later, iat: later })
    expect(await login(path, { role: 'ci', jwt: early })).toMatchObject({ status: 400, json: { errors: ['error validating token: invalid not before (nbf) claim: token not yet valid'] } })

    // Without exp, a token lives iat + expiration_leeway (150 s by default).
    const t = vault.clock.unix()
    const noExp = await provider.sign({ email: 'a@x', aud: 'vault', iat: t, nbf: undefined, exp: undefined })
    await vault.clock.advance('200s')
    expect((await login(path, { role: 'ci', jwt: noExp })).status).toBe(200)
    await vault.clock.advance('20s')
    expect((await login(path, { role: 'ci', jwt: noExp })).status).toBe(400)
    const timeless = await provider.sign({ email: 'a@x', aud: 'vault', iat: undefined, nbf: undefined, exp: undefined })
    expect(await login(path, { role: 'ci', jwt: timeless })).toMatchObject({
      status: 400,
      json: { errors: ['error validating token: no issued at (iat), not before (nbf), or expiration time (exp) claims in token'] },
    })
  })

  it('refuses a bad signature', async () => {
    const stranger = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey
    const forged = await provider.sign({ email: 'a@x', aud: 'vault' }, { key: stranger })
    const staticPath = await mount({ jwt_validation_pubkeys: provider.publicKeyPem })
    await role(staticPath, 'ci', CI)
    expect(await login(staticPath, { role: 'ci', jwt: forged })).toMatchObject({
      status: 400,
      json: { errors: ['error validating token: error verifying token signature: no known key successfully validated the token signature'] },
    })
    const jwksPath = await mount({ jwks_url: provider.jwksUrl })
    await role(jwksPath, 'ci', CI)
    expect(await login(jwksPath, { role: 'ci', jwt: forged })).toMatchObject({
      status: 400,
      json: { errors: ['error validating token: error verifying token signature: failed to verify id token signature'] },
    })
    const algPath = await mount({ jwt_validation_pubkeys: provider.publicKeyPem, jwt_supported_algs: 'ES256' })
    await role(algPath, 'ci', CI)
    expect(await login(algPath, { role: 'ci', jwt: await provider.sign({ email: 'a@x', aud: 'vault' }) })).toMatchObject({
      status: 400,
      json: { errors: ['error validating token: invalid algorithm (alg) header parameter: token signed with unexpected algorithm'] },
    })
  })

  it('matches bound claims exactly or as globs, and reads user and group claims', async () => {
    const path = await mount({ jwt_validation_pubkeys: provider.publicKeyPem })
    await role(path, 'exact', { ...CI, bound_claims: { groups: ['ops', 'engineering'], admin: true } })
    await role(path, 'glob', { ...CI, bound_claims_type: 'glob', bound_claims: { email: '*@example.com' } })
    await role(path, 'pointer', { ...CI, user_claim: '/profile/login', user_claim_json_pointer: true, groups_claim: '/profile/teams' })
    const claims = { email: 'alice@example.com', aud: 'vault', groups: ['engineering'], admin: true }
    expect((await login(path, { role: 'exact', jwt: await provider.sign(claims) })).status).toBe(200)
    expect(await login(path, { role: 'exact', jwt: await provider.sign({ ...claims, groups: ['sales'] }) })).toMatchObject({
      status: 400,
      json: { errors: ['error validating claims: claim "groups" does not match any associated bound claim values'] },
    })
    expect(await login(path, { role: 'exact', jwt: await provider.sign({ ...claims, admin: undefined }) })).toMatchObject({
      status: 400,
      json: { errors: ['error validating claims: claim "admin" is missing'] },
    })
    expect((await login(path, { role: 'glob', jwt: await provider.sign(claims) })).status).toBe(200)
    expect((await login(path, { role: 'glob', jwt: await provider.sign({ ...claims, email: 'eve@evil.test' }) })).status).toBe(400)
    expect(await login(path, { role: 'glob', jwt: await provider.sign({ aud: 'vault', sub: 'x' }) })).toMatchObject({
      status: 400,
      json: { errors: ['claim "email" not found in token'] },
    })
    const nested = await provider.sign({ aud: 'vault', profile: { login: 'alice', teams: ['a', 'b'] } })
    const reply = await login(path, { role: 'pointer', jwt: nested })
    expect(reply.status).toBe(200)
    expect(await login(path, { role: 'pointer', jwt: await provider.sign({ aud: 'vault', profile: { login: 'alice' } }) })).toMatchObject({
      status: 400,
      json: { errors: ['failed to fetch groups: "/profile/teams" claim not found in token'] },
    })
  })

  it('never shows the JWT in an error', async () => {
    const path = await mount({ jwt_validation_pubkeys: provider.publicKeyPem })
    await role(path, 'ci', CI)
    for (const jwt of [await provider.sign({ email: 'a@x', aud: 'no' }), 'eyJhbGciOiJSUzI1NiJ9.c2VjcmV0LXBheWxvYWQ.c2lnbmF0dXJl', await provider.sign({ aud: 'vault' })]) {
      const reply = await login(path, { role: 'ci', jwt })
      expect(reply.status).toBe(400)
      expect(String(reply.body)).not.toContain(jwt)
      expect(String(reply.body)).not.toContain(jwt.split('.')[1])
    }
  })
})

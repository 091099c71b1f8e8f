import { describe, expect, it } from 'vitest'
import { createVaultEmulator } from '../../../emulator.js'

async function setup() {
  const vault = await createVaultEmulator()
  await vault.request('POST', 'sys/auth/jwt', { data: { type: 'jwt' } })
  const write = (name: string, data: Record<string, unknown>) => vault.request('POST', `auth/jwt/role/${name}`, { data })
  return { vault, write }
}

describe('auth/jwt/role', () => {
  it('reads a jwt role back in Vault’s shape (unset lists and maps are null)', async () => {
    const { vault, write } = await setup()
    const reply = await write('CI', { role_type: 'jwt', user_claim: 'sub', bound_audiences: 'vault', token_policies: 'ci', token_ttl: '15m' })
    expect(reply.status).toBe(204)
    const data = ((await vault.request('GET', 'auth/jwt/role/ci')).json as { data: Record<string, unknown> }).data
    expect(data).toEqual({
      allowed_redirect_uris: null,
      bound_audiences: ['vault'],
      bound_claims: null,
      bound_claims_type: 'string',
      bound_subject: '',
      claim_mappings: null,
      clock_skew_leeway: 0,
      expiration_leeway: 0,
      groups_claim: '',
      max_age: 0,
      not_before_leeway: 0,
      oidc_scopes: null,
      role_type: 'jwt',
      token_bound_cidrs: [],
      token_explicit_max_ttl: 0,
      token_max_ttl: 0,
      token_no_default_policy: false,
      token_num_uses: 0,
      token_period: 0,
      token_policies: ['ci'],
      token_ttl: 900,
      token_type: 'default',
      user_claim: 'sub',
      user_claim_json_pointer: false,
      verbose_oidc_logging: false,
    })
    expect(Object.keys(data)).toEqual(Object.keys(data).sort())
    expect((await vault.request('LIST', 'auth/jwt/role')).json).toMatchObject({ data: { keys: ['ci'] } })
    expect((await vault.request('DELETE', 'auth/jwt/role/ci')).status).toBe(204)
    expect((await vault.request('GET', 'auth/jwt/role/ci')).status).toBe(404)
  })

  it('keeps glob bound claims, claim mappings, leeways and legacy names', async () => {
    const { vault, write } = await setup()
    await write('dev', {
      role_type: 'jwt',
      user_claim: 'email',
      bound_claims_type: 'glob',
      bound_claims: { groups: ['eng-*', 'ops'], email: '*@example.com' },
      claim_mappings: { email: 'email', team: 'team' },
      clock_skew_leeway: -1,
      expiration_leeway: '5m',
      policies: 'dev',
      num_uses: 3,
    })
    expect((await vault.request('GET', 'auth/jwt/role/dev')).json).toMatchObject({
      data: {
        bound_claims_type: 'glob',
        bound_claims: { groups: ['eng-*', 'ops'], email: '*@example.com' },
        claim_mappings: { email: 'email', team: 'team' },
        clock_skew_leeway: -1,
        expiration_leeway: 300,
        policies: ['dev'],
        token_policies: ['dev'],
        num_uses: 3,
        token_num_uses: 3,
      },
    })
  })

  it('makes a role oidc when an update leaves role_type out, as Vault does', async () => {
    const { vault, write } = await setup()
    await write('r', { role_type: 'jwt', user_claim: 'sub', bound_subject: 'x' })
    expect(await write('r', { bound_subject: 'y' })).toMatchObject({
      status: 400,
      json: { errors: ["'allowed_redirect_uris' must be set if 'role_type' is 'oidc' or unspecified."] },
    })
    await write('r', { allowed_redirect_uris: 'http://localhost:8250/oidc/callback' })
    expect((await vault.request('GET', 'auth/jwt/role/r')).json).toMatchObject({ data: { role_type: 'oidc', bound_subject: 'x' } })
  })

  it('warns about verbose OIDC logging', async () => {
    const { write } = await setup()
    expect(await write('v', { user_claim: 'sub', allowed_redirect_uris: 'http://localhost:8250/oidc/callback', verbose_oidc_logging: true })).toMatchObject({
      status: 200,
      json: { warnings: ['verbose_oidc_logging has been enabled for this role. This is not recommended in production since sensitive information may be present in OIDC responses.'] },
    })
  })

  it.each([
    [{ role_type: 'saml', user_claim: 'sub' }, "invalid 'role_type': saml"],
    [{ role_type: 'jwt', bound_audiences: 'a' }, 'a user claim must be defined on the role'],
    [{ role_type: 'jwt', user_claim: 'sub' }, 'must have at least one bound constraint when creating/updating a role'],
    [{ user_claim: 'sub' }, "'allowed_redirect_uris' must be set if 'role_type' is 'oidc' or unspecified."],
    [{ role_type: 'jwt', user_claim: 'sub', bound_subject: 's', bound_claims_type: 'regex' }, "invalid 'bound_claims_type': regex"],
    [{ role_type: 'jwt', user_claim: 'sub', bound_claims_type: 'glob', bound_claims: { groups: [1] } }, 'claim is not a string: 1'],
    [{ role_type: 'jwt', user_claim: 'sub', bound_subject: 's', claim_mappings: { email: 'role' } }, 'metadata key "role" is reserved and may not be a mapping destination'],
    [{ role_type: 'jwt', user_claim: 'sub', bound_subject: 's', claim_mappings: { a: 'x', b: 'x' } }, 'multiple keys are mapped to metadata key "x"'],
  ])('rejects %j', async (data, message) => {
    const { write } = await setup()
    expect(await write('bad', data)).toMatchObject({ status: 400, json: { errors: [message] } })
  })
})

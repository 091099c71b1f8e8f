import { describe, expect, it } from 'vitest'
import { authHarness } from '../login-test-harness.js'

describe('AppRole roles', () => {
  it('creates, reads, lists and deletes roles', async () => {
    const { call } = await authHarness('approle')
    const written = await call('POST', 'auth/approle/role/CI-Pipeline', {
      data: { token_policies: 'ci-deploy', token_ttl: '1h', token_max_ttl: '4h', secret_id_ttl: '10m' },
    })
    expect(written.status).toBe(204)
    const read = await call('GET', 'auth/approle/role/ci-pipeline')
    expect(read.status).toBe(200)
    expect(read.body.data).toEqual({
      bind_secret_id: true,
      local_secret_ids: false,
      secret_id_bound_cidrs: null,
      secret_id_num_uses: 0,
      secret_id_ttl: 600,
      token_bound_cidrs: [],
      token_explicit_max_ttl: 0,
      token_max_ttl: 14400,
      token_no_default_policy: false,
      token_num_uses: 0,
      token_period: 0,
      token_policies: ['ci-deploy'],
      token_ttl: 3600,
      token_type: 'default',
    })
    expect(Object.keys(read.body.data ?? {})).toEqual(Object.keys(read.body.data ?? {}).sort())
    await call('POST', 'auth/approle/role/web', { data: { policies: 'web', period: '1h' } })
    expect((await call('GET', 'auth/approle/role/web')).body.data).toMatchObject({ policies: ['web'], period: 3600, token_period: 3600 })
    expect((await call('LIST', 'auth/approle/role')).body.data).toEqual({ keys: ['ci-pipeline', 'web'] })

    // Update semantics: only what is sent changes.
    await call('POST', 'auth/approle/role/ci-pipeline', { data: { secret_id_num_uses: 3 } })
    expect((await call('GET', 'auth/approle/role/ci-pipeline')).body.data).toMatchObject({ secret_id_num_uses: 3, secret_id_ttl: 600, token_ttl: 3600 })

    expect((await call('DELETE', 'auth/approle/role/ci-pipeline')).status).toBe(204)
    expect(await call('GET', 'auth/approle/role/ci-pipeline')).toEqual({ status: 404, body: { errors: [] } })
    expect((await call('DELETE', 'auth/approle/role/ci-pipeline')).status).toBe(204)
  })

  it('reads the generated role_id and sets a custom one', async () => {
    const { call } = await authHarness('approle')
    await call('POST', 'auth/approle/role/a', { data: {} })
    const roleId = (await call('GET', 'auth/approle/role/a/role-id')).body.data?.['role_id']
    expect(roleId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    expect((await call('POST', 'auth/approle/role/a/role-id', { data: { role_id: 'custom-id' } })).status).toBe(204)
    expect((await call('GET', 'auth/approle/role/a/role-id')).body.data).toEqual({ role_id: 'custom-id' })

    await call('POST', 'auth/approle/role/b', { data: {} })
    expect(await call('POST', 'auth/approle/role/b/role-id', { data: { role_id: 'custom-id' } })).toEqual({
      status: 500,
      body: { errors: ['1 error occurred:\n\t* role_id already in use\n\n'] },
    })
    expect(await call('POST', 'auth/approle/role/b/role-id', { data: {} })).toEqual({ status: 400, body: { errors: ['missing role_id'] } })
    expect((await call('POST', 'auth/approle/role/nope/role-id', { data: { role_id: 'x' } })).status).toBe(404)
    expect(await call('GET', 'auth/approle/role/nope/role-id')).toEqual({ status: 404, body: { errors: [] } })
    // A role_id given at creation is taken as is.
    await call('POST', 'auth/approle/role/c', { data: { role_id: 'my-role-id' } })
    expect((await call('GET', 'auth/approle/role/c/role-id')).body.data).toEqual({ role_id: 'my-role-id' })
  })

  it('refuses a role without any constraint, and bad values, with Vault’s texts', async () => {
    const { call } = await authHarness('approle')
    expect(await call('POST', 'auth/approle/role/open', { data: { bind_secret_id: false } })).toEqual({
      status: 500,
      body: { errors: ['1 error occurred:\n\t* at least one constraint should be enabled on the role\n\n'] },
    })
    expect((await call('POST', 'auth/approle/role/open', { data: { bind_secret_id: false, secret_id_bound_cidrs: '10.0.0.0/8' } })).status).toBe(204)
    expect(await call('POST', 'auth/approle/role/x', { data: { secret_id_bound_cidrs: '10.0.0.1' } })).toEqual({
      status: 500,
      body: { errors: ['1 error occurred:\n\t* failed to validate CIDR blocks: invalid CIDR address: 10.0.0.1\n\n'] },
    })
    expect(await call('POST', 'auth/approle/role/x', { data: { secret_id_num_uses: -1 } })).toEqual({
      status: 400,
      body: { errors: ['secret_id_num_uses cannot be negative'] },
    })
    await call('POST', 'auth/approle/role/x', { data: {} })
    expect(await call('POST', 'auth/approle/role/x', { data: { local_secret_ids: true } })).toEqual({
      status: 400,
      body: { errors: ['local_secret_ids can only be modified during role creation'] },
    })
    expect(await call('POST', 'auth/approle/role/y', { data: { period: '800h' } })).toEqual({
      status: 400,
      body: { errors: [`period of "800h0m0s" is greater than the backend's maximum lease TTL of "768h0m0s"`] },
    })
    expect(await call('POST', 'auth/approle/role/y', { data: { token_ttl: '2h', token_max_ttl: '1h' } })).toEqual({
      status: 400,
      body: { errors: ["'token_ttl' cannot be greater than 'token_max_ttl'"] },
    })
  })

  it("maps token_type default-service to service with Vault's warning, and warns about a max above the mount's", async () => {
    const { call } = await authHarness('approle')
    const reply = await call('POST', 'auth/approle/role/r', { data: { token_type: 'default-service', token_max_ttl: '1000h' } })
    expect(reply.status).toBe(200)
    expect(reply.body.warnings).toEqual([
      'default-service has no useful meaning; adjusting to service',
      "token_max_ttl is greater than the backend mount's maximum TTL value; issued tokens' max TTL value will be truncated",
    ])
    expect((await call('GET', 'auth/approle/role/r')).body.data).toMatchObject({ token_type: 'service' })
  })

  it('has one endpoint per property', async () => {
    const { call } = await authHarness('approle')
    await call('POST', 'auth/approle/role/r', { data: { token_policies: 'a' } })
    const field = async (suffix: string) => (await call('GET', `auth/approle/role/r/${suffix}`)).body.data

    expect(await field('policies')).toEqual({ token_policies: ['a'] })
    expect((await call('POST', 'auth/approle/role/r/policies', { data: { token_policies: 'b,c' } })).status).toBe(204)
    expect(await field('policies')).toEqual({ token_policies: ['b', 'c'] })
    await call('DELETE', 'auth/approle/role/r/policies')
    expect(await field('policies')).toEqual({ token_policies: [] })

    await call('POST', 'auth/approle/role/r/secret-id-ttl', { data: { secret_id_ttl: '5m' } })
    expect(await field('secret-id-ttl')).toEqual({ secret_id_ttl: 300 })
    await call('POST', 'auth/approle/role/r/secret-id-num-uses', { data: { secret_id_num_uses: 2 } })
    expect(await field('secret-id-num-uses')).toEqual({ secret_id_num_uses: 2 })
    await call('POST', 'auth/approle/role/r/token-ttl', { data: { token_ttl: 600 } })
    await call('POST', 'auth/approle/role/r/token-max-ttl', { data: { token_max_ttl: '1h' } })
    expect(await field('token-ttl')).toEqual({ token_ttl: 600 })
    expect(await field('token-max-ttl')).toEqual({ token_max_ttl: 3600 })
    expect(await call('POST', 'auth/approle/role/r/token-ttl', { data: { token_ttl: '2h' } })).toEqual({
      status: 400,
      body: { errors: ['token_ttl should not be greater than token_max_ttl'] },
    })
    await call('POST', 'auth/approle/role/r/token-num-uses', { data: { token_num_uses: 3 } })
    expect(await field('token-num-uses')).toEqual({ token_num_uses: 3 })
    await call('POST', 'auth/approle/role/r/period', { data: { token_period: '30m' } })
    expect(await field('period')).toEqual({ token_period: 1800 })
    await call('POST', 'auth/approle/role/r/secret-id-bound-cidrs', { data: { secret_id_bound_cidrs: ['10.0.0.0/8'] } })
    expect(await field('secret-id-bound-cidrs')).toEqual({ secret_id_bound_cidrs: ['10.0.0.0/8'] })
    await call('POST', 'auth/approle/role/r/token-bound-cidrs', { data: { token_bound_cidrs: '10.0.0.0/8' } })
    expect(await field('token-bound-cidrs')).toEqual({ token_bound_cidrs: ['10.0.0.0/8'] })
    await call('POST', 'auth/approle/role/r/bind-secret-id', { data: { bind_secret_id: false } })
    expect(await field('bind-secret-id')).toEqual({ bind_secret_id: false })
    await call('DELETE', 'auth/approle/role/r/bind-secret-id')
    expect(await field('bind-secret-id')).toEqual({ bind_secret_id: true })
    expect(await field('local-secret-ids')).toEqual({ local_secret_ids: false })

    expect(await call('POST', 'auth/approle/role/r/secret-id-ttl', { data: {} })).toEqual({ status: 400, body: { errors: ['missing secret_id_ttl'] } })
    expect(await call('POST', 'auth/approle/role/nope/secret-id-ttl', { data: { secret_id_ttl: 1 } })).toEqual({
      status: 404,
      body: { errors: ['1 error occurred:\n\t* unsupported path\n\n'] },
    })
  })
})

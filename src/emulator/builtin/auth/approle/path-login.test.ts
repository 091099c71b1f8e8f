import { describe, expect, it } from 'vitest'
import { authHarness } from '../login-test-harness.js'
import type { AuthHarness } from '../login-test-harness.js'

interface Creds {
  role_id: string
  secret_id: string
}

async function setup(role: Record<string, unknown> = {}, secret: Record<string, unknown> = {}): Promise<AuthHarness & Creds> {
  const h = await authHarness('approle')
  expect((await h.call('POST', 'auth/approle/role/ci', { data: { token_policies: 'ci-deploy', ...role } })).status).toBe(204)
  const role_id = String((await h.call('GET', 'auth/approle/role/ci/role-id')).body.data?.['role_id'])
  const generated = await h.call('POST', 'auth/approle/role/ci/secret-id', { data: secret })
  const secret_id = String(generated.body.data?.['secret_id'] ?? '')
  return { ...h, role_id, secret_id }
}

const login = (h: AuthHarness, data: Record<string, unknown>, remoteAddress?: string) =>
  h.call('POST', 'auth/approle/login', { token: '', data, ...(remoteAddress ? { remoteAddress } : {}) })

const BAD = { status: 400, body: { errors: ['invalid role or secret ID'] } }

describe('AppRole login', () => {
  it('answers with an orphan service token with the role’s policies and role_name metadata', async () => {
    const h = await setup({ token_ttl: '1h' }, { metadata: '{"env":"prod"}' })
    const reply = await login(h, { role_id: h.role_id, secret_id: h.secret_id })
    expect(reply.status).toBe(200)
    expect(reply.body.data).toBeNull()
    expect(reply.body.auth).toMatchObject({
      policies: ['ci-deploy', 'default'],
      token_policies: ['ci-deploy', 'default'],
      metadata: { env: 'prod', role_name: 'ci' },
      lease_duration: 3600,
      renewable: true,
      token_type: 'service',
      orphan: true,
      num_uses: 0,
    })
    const token = reply.body.auth?.client_token ?? ''
    const self = await h.call('GET', 'auth/token/lookup-self', { token })
    expect(self.body.data).toMatchObject({ display_name: 'approle', path: 'auth/approle/login', meta: { env: 'prod', role_name: 'ci' }, orphan: true })
  })

  it('never logs in with the role_id alone', async () => {
    const h = await setup()
    expect(await login(h, { role_id: h.role_id })).toEqual({ status: 400, body: { errors: ['missing secret_id'] } })
    expect(await login(h, { secret_id: h.secret_id })).toEqual({ status: 400, body: { errors: ['missing role_id'] } })
    expect(await login(h, { role_id: h.role_id, secret_id: 'not-the-secret' })).toEqual(BAD)
    expect(await login(h, { role_id: 'unknown-role-id', secret_id: h.secret_id })).toEqual(BAD)
  })

  it('logs in with the role_id alone when bind_secret_id=false and a CIDR constraint holds', async () => {
    const h = await authHarness('approle')
    await h.call('POST', 'auth/approle/role/cidr', { data: { bind_secret_id: false, secret_id_bound_cidrs: '10.0.0.0/8' } })
    const role_id = String((await h.call('GET', 'auth/approle/role/cidr/role-id')).body.data?.['role_id'])
    expect((await login(h, { role_id }, '10.1.2.3')).status).toBe(200)
    expect(await login(h, { role_id }, '192.168.0.9')).toEqual({
      status: 400,
      body: { errors: ['source address "192.168.0.9" unauthorized by CIDR restrictions on the role: %!w(<nil>)'] },
    })
  })

  it('stops a secret_id with secret_id_ttl=10m working 10 virtual minutes later', async () => {
    const h = await setup({ secret_id_ttl: '10m' })
    await h.core.clock.advance('9m59s')
    expect((await login(h, { role_id: h.role_id, secret_id: h.secret_id })).status).toBe(200)
    await h.core.clock.advance('1s')
    expect(await login(h, { role_id: h.role_id, secret_id: h.secret_id })).toEqual(BAD)
  })

  it('counts num_uses down and refuses the secret_id once used up', async () => {
    const h = await setup({ secret_id_num_uses: 2 })
    const lookup = async () => (await h.call('POST', 'auth/approle/role/ci/secret-id/lookup', { data: { secret_id: h.secret_id } })).body.data
    expect((await login(h, { role_id: h.role_id, secret_id: h.secret_id })).status).toBe(200)
    expect(await lookup()).toMatchObject({ secret_id_num_uses: 1 })
    expect((await login(h, { role_id: h.role_id, secret_id: h.secret_id })).status).toBe(200)
    expect(await lookup()).toBeUndefined()
    expect(await login(h, { role_id: h.role_id, secret_id: h.secret_id })).toEqual(BAD)
  })

  it('checks the secret ID’s CIDR list (wording depends on num_uses, as in Vault)', async () => {
    const unlimited = await setup({}, { cidr_list: '10.0.0.0/8' })
    expect(await login(unlimited, { role_id: unlimited.role_id, secret_id: unlimited.secret_id }, '192.168.1.1')).toEqual({
      status: 400,
      body: { errors: ['source address "192.168.1.1" unauthorized through CIDR restrictions on the secret ID'] },
    })
    expect((await login(unlimited, { role_id: unlimited.role_id, secret_id: unlimited.secret_id }, '::ffff:10.0.0.7')).status).toBe(200)

    const limited = await setup({}, { cidr_list: '10.0.0.0/8', num_uses: 5 })
    expect(await login(limited, { role_id: limited.role_id, secret_id: limited.secret_id }, '192.168.1.1')).toEqual({
      status: 400,
      body: { errors: ['source address "192.168.1.1" unauthorized by CIDR restrictions on the secret ID: %!w(<nil>)'] },
    })
  })

  it('binds the token to token_bound_cidrs (the secret ID’s replace the role’s)', async () => {
    const h = await setup({ token_bound_cidrs: '10.0.0.0/8' }, { token_bound_cidrs: '10.1.0.0/16' })
    const token = (await login(h, { role_id: h.role_id, secret_id: h.secret_id }, '192.168.0.1')).body.auth?.client_token ?? ''
    expect((await h.call('GET', 'auth/token/lookup-self', { token, remoteAddress: '10.1.2.3' })).status).toBe(200)
    expect(await h.call('GET', 'auth/token/lookup-self', { token, remoteAddress: '10.2.0.1' })).toEqual({ status: 403, body: { errors: ['permission denied'] } })
    expect((await h.call('GET', 'auth/token/lookup-self', { token, remoteAddress: '192.168.0.1' })).status).toBe(403)
  })

  it('locks the role_id out after 5 wrong secret IDs, for 15 virtual minutes', async () => {
    const h = await setup()
    for (let i = 0; i < 5; i++) expect(await login(h, { role_id: h.role_id, secret_id: `wrong-${i}` })).toEqual(BAD)
    expect(await login(h, { role_id: h.role_id, secret_id: h.secret_id })).toEqual({ status: 403, body: { errors: ['permission denied'] } })
    await h.core.clock.advance('15m')
    expect((await login(h, { role_id: h.role_id, secret_id: h.secret_id })).status).toBe(200)
  })

  it('renews login tokens under the role’s current limits, and not once the role is gone', async () => {
    const h = await setup({ token_ttl: '1h', token_max_ttl: '4h' })
    const token = (await login(h, { role_id: h.role_id, secret_id: h.secret_id })).body.auth?.client_token ?? ''
    await h.call('POST', 'auth/approle/role/ci/token-ttl', { data: { token_ttl: '30m' } })
    expect((await h.call('POST', 'auth/token/renew-self', { token })).body.auth?.lease_duration).toBe(1800)

    await h.call('DELETE', 'auth/approle/role/ci')
    expect(await h.call('POST', 'auth/token/renew-self', { token })).toEqual({
      status: 500,
      body: { errors: ['1 error occurred:\n\t* failed to renew entry: role "ci" does not exist during renewal\n\n'] },
    })
    // The token itself lives on until it expires.
    expect((await h.call('GET', 'auth/token/lookup-self', { token })).status).toBe(200)
  })

  it('works at a custom mount path', async () => {
    const h = await authHarness('approle', 'machines')
    await h.call('POST', 'auth/machines/role/app', { data: {} })
    const role_id = String((await h.call('GET', 'auth/machines/role/app/role-id')).body.data?.['role_id'])
    const secret_id = String((await h.call('POST', 'auth/machines/role/app/secret-id')).body.data?.['secret_id'])
    const reply = await h.call('POST', 'auth/machines/login', { token: '', data: { role_id, secret_id } })
    expect(reply.body.auth?.policies).toEqual(['default'])
    const self = await h.call('GET', 'auth/token/lookup-self', { token: reply.body.auth?.client_token ?? '' })
    expect(self.body.data).toMatchObject({ display_name: 'machines', path: 'auth/machines/login' })
  })
})

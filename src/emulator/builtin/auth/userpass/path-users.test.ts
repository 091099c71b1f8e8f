import { describe, expect, it } from 'vitest'
import { authHarness } from '../login-test-harness.js'

describe('userpass users', () => {
  it('creates, reads (never the password), lists, updates and deletes users', async () => {
    const { call } = await authHarness('userpass')
    expect((await call('POST', 'auth/userpass/users/Alice', { data: { password: 'hunter2', token_policies: 'dev,ops', token_ttl: '1h' } })).status).toBe(204)
    expect((await call('POST', 'auth/userpass/users/bob', { data: { password: 'pw', policies: ['ro'] } })).status).toBe(204)

    const read = await call('GET', 'auth/userpass/users/alice')
    expect(read.status).toBe(200)
    expect(read.body.data).toEqual({
      token_bound_cidrs: [],
      token_explicit_max_ttl: 0,
      token_max_ttl: 0,
      token_no_default_policy: false,
      token_num_uses: 0,
      token_period: 0,
      token_policies: ['dev', 'ops'],
      token_ttl: 3600,
      token_type: 'default',
    })
    expect(JSON.stringify(read.body)).not.toContain('hunter2')
    // Legacy names read back under their own names too.
    expect((await call('GET', 'auth/userpass/users/bob')).body.data).toMatchObject({ policies: ['ro'], token_policies: ['ro'] })

    expect((await call('LIST', 'auth/userpass/users')).body.data).toEqual({ keys: ['alice', 'bob'] })
    expect((await call('POST', 'auth/userpass/users/alice', { data: { token_max_ttl: '2h' } })).status).toBe(204)
    expect((await call('GET', 'auth/userpass/users/alice')).body.data).toMatchObject({ token_ttl: 3600, token_max_ttl: 7200, token_policies: ['dev', 'ops'] })

    expect((await call('DELETE', 'auth/userpass/users/alice')).status).toBe(204)
    expect(await call('GET', 'auth/userpass/users/alice')).toEqual({ status: 404, body: { errors: [] } })
    expect((await call('LIST', 'auth/userpass/users')).body.data).toEqual({ keys: ['bob'] })
  })

  it('keeps only a salted hash in storage', async () => {
    const { core, call } = await authHarness('userpass')
    await call('POST', 'auth/userpass/users/alice', { data: { password: 'correct horse battery staple' } })
    const dump = [...core.storage.dump().values()].join('\n')
    expect(dump).toContain('scrypt$')
    expect(dump).not.toContain('correct horse battery staple')
  })

  it('refuses a new user without password, bad token fields and unroutable names', async () => {
    const { call } = await authHarness('userpass')
    expect(await call('POST', 'auth/userpass/users/alice', { data: { token_policies: 'dev' } })).toEqual({ status: 400, body: { errors: ['missing password'] } })
    expect(await call('POST', 'auth/userpass/users/alice', { data: { password: 'x', token_ttl: '2h', token_max_ttl: '1h' } })).toEqual({
      status: 400,
      body: { errors: ["'token_ttl' cannot be greater than 'token_max_ttl'"] },
    })
    expect(await call('POST', 'auth/userpass/users/alice', { data: { password: 'x', token_type: 'default-service' } })).toEqual({
      status: 400,
      body: { errors: [`invalid 'token_type' value "default-service"`] },
    })
    expect((await call('POST', 'auth/userpass/users/-alice', { data: { password: 'x' } })).status).toBe(404)
    expect((await call('POST', 'auth/userpass/users/alice', { data: { password_hash: '$2a$10$abc' } })).status).toBe(400)
  })

  it('changes the password and the policies through their own endpoints', async () => {
    const { call } = await authHarness('userpass')
    await call('POST', 'auth/userpass/users/alice', { data: { password: 'old', token_policies: 'dev' } })
    expect((await call('POST', 'auth/userpass/users/alice/password', { data: { password: 'new' } })).status).toBe(204)
    expect((await call('POST', 'auth/userpass/login/alice', { token: '', data: { password: 'old' } })).status).toBe(400)
    expect((await call('POST', 'auth/userpass/login/alice', { token: '', data: { password: 'new' } })).status).toBe(200)

    expect((await call('POST', 'auth/userpass/users/alice/policies', { data: { token_policies: ['ops', 'Dev'] } })).status).toBe(204)
    expect((await call('GET', 'auth/userpass/users/alice')).body.data).toMatchObject({ token_policies: ['dev', 'ops'] })

    expect(await call('POST', 'auth/userpass/users/nobody/password', { data: { password: 'x' } })).toEqual({
      status: 500,
      body: { errors: ['1 error occurred:\n\t* username does not exist\n\n'] },
    })
    expect((await call('POST', 'auth/userpass/users/nobody/policies', { data: { token_policies: 'x' } })).status).toBe(500)
  })

  it('is mounted with sys/auth, at custom paths too', async () => {
    const { call } = await authHarness('userpass', 'people')
    const mounts = await call('GET', 'sys/auth')
    expect(mounts.body.data?.['people/']).toMatchObject({ type: 'userpass' })
    expect((await call('POST', 'auth/people/users/alice', { data: { password: 'pw' } })).status).toBe(204)
    const login = await call('POST', 'auth/people/login/alice', { token: '', data: { password: 'pw' } })
    expect(login.status).toBe(200)
    const lookup = await call('GET', 'auth/token/lookup-self', { token: login.body.auth?.client_token ?? '' })
    expect(lookup.body.data).toMatchObject({ display_name: 'people-alice', path: 'auth/people/login/alice', meta: { username: 'alice' } })
  })
})

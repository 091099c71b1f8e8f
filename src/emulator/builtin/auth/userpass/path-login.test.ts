import { describe, expect, it } from 'vitest'
import { authHarness } from '../login-test-harness.js'
import type { AuthHarness } from '../login-test-harness.js'

async function withAlice(data: Record<string, unknown> = {}): Promise<AuthHarness> {
  const harness = await authHarness('userpass')
  const created = await harness.call('POST', 'auth/userpass/users/alice', { data: { password: 'hunter2', token_policies: 'dev', ...data } })
  expect(created.status).toBe(204)
  return harness
}

const login = (h: AuthHarness, password: string, user = 'alice', remoteAddress?: string) =>
  h.call('POST', `auth/userpass/login/${user}`, { token: '', data: { password }, ...(remoteAddress ? { remoteAddress } : {}) })

describe('userpass login', () => {
  it('answers with an orphan, renewable token for the user', async () => {
    const h = await withAlice({ token_ttl: '1h' })
    const reply = await login(h, 'hunter2')
    expect(reply.status).toBe(200)
    expect(reply.body.data).toBeNull()
    const auth = reply.body.auth
    expect(auth).toMatchObject({
      policies: ['default', 'dev'],
      token_policies: ['default', 'dev'],
      metadata: { username: 'alice' },
      lease_duration: 3600,
      renewable: true,
      token_type: 'service',
      orphan: true,
      mfa_requirement: null,
      num_uses: 0,
    })
    expect(auth?.client_token).toMatch(/^hvs\./)
    expect(auth?.accessor).toMatch(/^[A-Za-z0-9]{24}$/)
    expect(auth?.entity_id).toMatch(/^[0-9a-f-]{36}$/)
    // The same user gets the same entity on the next login.
    expect((await login(h, 'hunter2')).body.auth?.entity_id).toBe(auth?.entity_id)
    // User names are case-insensitive.
    expect((await login(h, 'hunter2', 'ALICE')).status).toBe(200)
  })

  it('gives the same 400 for a wrong password and an unknown user', async () => {
    const h = await withAlice()
    const wrong = await login(h, 'nope')
    const unknown = await login(h, 'hunter2', 'mallory')
    expect(wrong).toEqual({ status: 400, body: { errors: ['invalid username or password'] } })
    expect(unknown).toEqual(wrong)
    expect(JSON.stringify(wrong)).not.toContain('nope')
    expect(await h.call('POST', 'auth/userpass/login/alice', { token: '', data: {} })).toEqual({ status: 500, body: { errors: ['missing password'] } })
  })

  it('locks a user out after 5 failures within 15 minutes, for 15 minutes, on the virtual clock', async () => {
    const h = await withAlice()
    for (let i = 0; i < 5; i++) expect((await login(h, `guess-${i}`)).status).toBe(400)
    expect(await login(h, 'hunter2')).toEqual({ status: 403, body: { errors: ['permission denied'] } })
    expect((await login(h, 'wrong-again')).status).toBe(403)
    // Unknown users are never locked (Vault keeps no state for them).
    for (let i = 0; i < 6; i++) expect((await login(h, 'x', 'mallory')).status).toBe(400)

    await h.core.clock.advance('14m59s')
    expect((await login(h, 'hunter2')).status).toBe(403)
    await h.core.clock.advance('2s')
    expect((await login(h, 'hunter2')).status).toBe(200)
  })

  it('forgets failures after a success, and after the counter reset period', async () => {
    const h = await withAlice()
    for (let i = 0; i < 4; i++) await login(h, 'bad')
    expect((await login(h, 'hunter2')).status).toBe(200)
    for (let i = 0; i < 4; i++) await login(h, 'bad')
    expect((await login(h, 'hunter2')).status).toBe(200)

    for (let i = 0; i < 4; i++) await login(h, 'bad')
    await h.core.clock.advance('16m')
    await login(h, 'bad') // counts as the first failure again
    expect((await login(h, 'hunter2')).status).toBe(200)
  })

  it('checks token_bound_cidrs at login and on every use of the token', async () => {
    const h = await withAlice({ token_bound_cidrs: '10.0.0.0/8' })
    expect(await login(h, 'hunter2', 'alice', '192.168.1.5')).toEqual({ status: 403, body: { errors: ['permission denied'] } })
    const ok = await login(h, 'hunter2', 'alice', '10.1.2.3')
    expect(ok.status).toBe(200)
    const token = ok.body.auth?.client_token ?? ''
    expect((await h.call('GET', 'auth/token/lookup-self', { token, remoteAddress: '10.9.9.9' })).status).toBe(200)
    expect(await h.call('GET', 'auth/token/lookup-self', { token, remoteAddress: '192.168.1.5' })).toEqual({
      status: 403,
      body: { errors: ['permission denied'] },
    })
  })

  it("honours the mount's tuned TTLs and expires on the virtual clock", async () => {
    const h = await withAlice()
    await h.tune({ default_lease_ttl: '30m', max_lease_ttl: '2h' })
    const auth = (await login(h, 'hunter2')).body.auth
    expect(auth?.lease_duration).toBe(1800)
    const token = auth?.client_token ?? ''

    await h.core.clock.advance('29m')
    const renewed = await h.call('POST', 'auth/token/renew-self', { token, data: { increment: '1h' } })
    expect(renewed.body.auth?.lease_duration).toBe(3600)
    await h.core.clock.advance('59m')
    // Capped by the mount's max TTL (2h from issue), with Vault's warning.
    const capped = await h.call('POST', 'auth/token/renew-self', { token, data: { increment: '1h' } })
    expect(capped.body.auth?.lease_duration).toBe(32 * 60)
    expect(capped.body.warnings?.[0]).toMatch(/TTL value is capped accordingly$/)
    await h.core.clock.advance('32m')
    expect((await h.call('GET', 'auth/token/lookup-self', { token })).status).toBe(403)
  })

  it('renews under the user’s current limits; a deleted user is not renewed; changed policies refuse', async () => {
    const h = await withAlice({ token_ttl: '1h', token_max_ttl: '3h' })
    const token = (await login(h, 'hunter2')).body.auth?.client_token ?? ''
    await h.call('POST', 'auth/userpass/users/alice', { data: { token_ttl: '20m' } })
    expect((await h.call('POST', 'auth/token/renew-self', { token })).body.auth?.lease_duration).toBe(1200)

    await h.call('POST', 'auth/userpass/users/alice/policies', { data: { token_policies: 'dev,admin' } })
    expect(await h.call('POST', 'auth/token/renew-self', { token })).toEqual({
      status: 500,
      body: { errors: ['1 error occurred:\n\t* failed to renew entry: policies have changed, not renewing\n\n'] },
    })

    await h.call('DELETE', 'auth/userpass/users/alice')
    await h.core.clock.advance('10m')
    const declined = await h.call('POST', 'auth/token/renew-self', { token })
    expect(declined.status).toBe(204)
    expect((await h.call('GET', 'auth/token/lookup-self', { token })).body.data?.['ttl']).toBe(600)
  })

  it('issues batch tokens when the user or the mount asks for them', async () => {
    const h = await withAlice({ token_type: 'batch' })
    const auth = (await login(h, 'hunter2')).body.auth
    expect(auth).toMatchObject({ token_type: 'batch', renewable: false, accessor: '' })
    expect(auth?.client_token).toMatch(/^hvb\./)

    await h.call('POST', 'auth/userpass/users/alice', { data: { token_type: 'default' } })
    expect((await login(h, 'hunter2')).body.auth?.token_type).toBe('service')
    await h.tune({ token_type: 'default-batch' })
    expect((await login(h, 'hunter2')).body.auth?.token_type).toBe('batch')
  })
})

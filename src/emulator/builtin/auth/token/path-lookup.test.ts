import { describe, expect, it } from 'vitest'
import { tokenEmulator } from '../../../../../test/helpers/token-emulator.js'

const START = Date.parse('2030-01-01T00:00:00Z') / 1000

describe('token lookup', () => {
  it('lookup-self returns every field, in Go’s key order', async () => {
    const { core, call, mint } = await tokenEmulator()
    const auth = await mint({ policies: ['app'], ttl: '1h', meta: { a: 'b' } })
    await core.clock.advance('10m')
    const reply = await call('GET', 'lookup-self', auth.client_token)
    expect(reply.status).toBe(200)
    const data = reply.body.data ?? {}
    expect(data).toEqual({
      accessor: auth.accessor,
      creation_time: START,
      creation_ttl: 3600,
      display_name: 'token',
      entity_id: '',
      expire_time: '2030-01-01T01:00:00Z',
      explicit_max_ttl: 0,
      id: auth.client_token,
      issue_time: '2030-01-01T00:00:00Z',
      meta: { a: 'b' },
      num_uses: 0,
      orphan: false,
      path: 'auth/token/create',
      policies: ['app', 'default'],
      renewable: true,
      ttl: 3000,
      type: 'service',
    })
    expect(Object.keys(data)).toEqual(Object.keys(data).sort())
    // POST works too, but Vault's default policy grants only read on lookup-self.
    expect((await call('POST', 'lookup-self', auth.client_token)).status).toBe(403)
    expect((await call('POST', 'lookup-self', 'root')).body.data?.['id']).toBe('root')
  })

  it('describes the root token', async () => {
    const { call } = await tokenEmulator()
    const data = (await call('GET', 'lookup-self', 'root')).body.data ?? {}
    expect(data).toMatchObject({
      id: 'root',
      policies: ['root'],
      display_name: 'root',
      path: 'auth/token/root',
      orphan: true,
      expire_time: null,
      ttl: 0,
      creation_ttl: 0,
      creation_time: START,
      meta: null,
    })
    expect(data).not.toHaveProperty('issue_time')
  })

  it('lookup takes the token from the body or the query, defaulting to the caller', async () => {
    const { call, mint } = await tokenEmulator()
    const auth = await mint({ policies: ['x'] })
    expect((await call('POST', 'lookup', 'root', { token: auth.client_token })).body.data?.['id']).toBe(auth.client_token)
    expect((await call('GET', 'lookup', 'root', { token: auth.client_token })).body.data?.['id']).toBe(auth.client_token)
    expect((await call('POST', 'lookup', 'root', {})).body.data?.['id']).toBe('root')
  })

  it('answers 403 "bad token" for an unknown token, and permission denied without a valid caller', async () => {
    const { call } = await tokenEmulator()
    expect(await call('POST', 'lookup', 'root', { token: 'nope' })).toEqual({ status: 403, body: { errors: ['bad token'] } })
    expect(await call('GET', 'lookup-self', 'nope')).toEqual({ status: 403, body: { errors: ['permission denied'] } })
    expect(await call('GET', 'lookup-self', '')).toEqual({ status: 403, body: { errors: ['permission denied'] } })
  })

  it('lookup-accessor blanks the id and reports bad accessors', async () => {
    const { call, mint } = await tokenEmulator()
    const auth = await mint({ policies: ['x'] })
    const reply = await call('POST', 'lookup-accessor', 'root', { accessor: auth.accessor })
    expect(reply.status).toBe(200)
    expect(reply.body.data).toMatchObject({ id: '', accessor: auth.accessor, policies: ['default', 'x'] })
    expect(await call('POST', 'lookup-accessor', 'root', { accessor: 'nope' })).toEqual({ status: 400, body: { errors: ['invalid accessor'] } })
    expect(await call('POST', 'lookup-accessor', 'root', {})).toEqual({ status: 400, body: { errors: ['missing accessor'] } })
  })

  it('shows period, role, bound CIDRs and explicit max when set', async () => {
    const { call, mint } = await tokenEmulator()
    const periodic = await mint({ policies: ['x'], period: '2h', explicit_max_ttl: '10h' })
    expect((await call('POST', 'lookup', 'root', { token: periodic.client_token })).body.data).toMatchObject({
      period: 7200, explicit_max_ttl: 36000, ttl: 7200,
    })
    await call('POST', 'roles/web', 'root', { allowed_policies: 'x', token_bound_cidrs: '127.0.0.0/8' })
    const fromRole = await mint({}, 'root', 'create/web')
    expect((await call('POST', 'lookup', 'root', { token: fromRole.client_token })).body.data).toMatchObject({
      role: 'web', bound_cidrs: ['127.0.0.0/8'], path: 'auth/token/create/web',
    })
  })

  it('adds last_renewal fields after a renewal', async () => {
    const { core, call, mint } = await tokenEmulator()
    const auth = await mint({ policies: ['x'], ttl: '1h' })
    await core.clock.advance('30m')
    expect((await call('POST', 'renew-self', auth.client_token, { increment: '1h' })).status).toBe(200)
    const data = (await call('GET', 'lookup-self', auth.client_token)).body.data ?? {}
    expect(data).toMatchObject({
      last_renewal_time: START + 1800,
      last_renewal: '2030-01-01T00:30:00Z',
      expire_time: '2030-01-01T01:30:00Z',
      issue_time: '2030-01-01T00:00:00Z',
      creation_ttl: 3600,
      ttl: 3600,
    })
  })

  it('reports a limited-use token’s remaining uses as Vault does (this use already spent)', async () => {
    const { call, mint } = await tokenEmulator()
    const auth = await mint({ policies: ['default'], num_uses: 3 })
    expect((await call('GET', 'lookup-self', auth.client_token)).body.data?.['num_uses']).toBe(2)
    expect((await call('POST', 'lookup', 'root', { token: auth.client_token })).body.data?.['num_uses']).toBe(2)
  })

  it('describes batch tokens and non-renewable tokens', async () => {
    const { call, mint } = await tokenEmulator()
    const batch = await mint({ policies: ['default'], type: 'batch', ttl: '20m' })
    expect((await call('GET', 'lookup-self', batch.client_token)).body.data).toMatchObject({
      type: 'batch', accessor: '', renewable: false, ttl: 1200, expire_time: '2030-01-01T00:20:00Z', issue_time: '2030-01-01T00:00:00Z',
    })
    const fixed = await mint({ policies: ['default'], renewable: false })
    expect((await call('GET', 'lookup-self', fixed.client_token)).body.data?.['renewable']).toBe(false)
  })
})

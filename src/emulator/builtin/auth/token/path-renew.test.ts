import { describe, expect, it } from 'vitest'
import { tokenEmulator } from '../../../../../test/helpers/token-emulator.js'

async function emulator() {
  const { core, call, mint } = await tokenEmulator()
  const tuneTokenMount = (config: { max_lease_ttl?: number; default_lease_ttl?: number }) => {
    const mount = core.mounts.get('auth/token/')?.entry
    if (!mount) throw new Error('no token mount')
    core.updateMount({ ...mount, config: { ...mount.config, ...config } })
  }
  return { core, call, mint, tuneTokenMount }
}

describe('token renewal', () => {
  it('renew-self extends by the increment and answers with the auth block', async () => {
    const { core, call, mint } = await emulator()
    const auth = await mint({ policies: ['default'], ttl: '1h' })
    await core.clock.advance('50m')
    const reply = await call('POST', 'renew-self', auth.client_token, { increment: '2h' })
    expect(reply.status).toBe(200)
    expect(reply.body.data).toBeNull()
    expect(reply.body.warnings).toBeNull()
    expect(reply.body.auth).toMatchObject({
      client_token: auth.client_token,
      accessor: auth.accessor,
      policies: ['default'],
      lease_duration: 7200,
      renewable: true,
      orphan: false,
      token_type: 'service',
    })
    await core.clock.advance('1h50m')
    expect((await call('GET', 'lookup-self', auth.client_token)).status).toBe(200)
  })

  it('renews by the TTL granted last when no increment is given', async () => {
    const { core, call, mint } = await emulator()
    const auth = await mint({ policies: ['default'], ttl: '1h' })
    await core.clock.advance('10m')
    expect((await call('POST', 'renew-self', auth.client_token, {})).body.auth?.lease_duration).toBe(3600)
    expect((await call('POST', 'renew-self', auth.client_token, { increment: 600 })).body.auth?.lease_duration).toBe(600)
    expect((await call('POST', 'renew-self', auth.client_token, {})).body.auth?.lease_duration).toBe(600)
  })

  it('renew takes the token from the body, or (legacy) from the path', async () => {
    const { call, mint } = await emulator()
    const auth = await mint({ policies: ['default'], ttl: '1h' })
    expect((await call('POST', 'renew', 'root', { token: auth.client_token, increment: '30m' })).body.auth?.lease_duration).toBe(1800)
    expect((await call('POST', `renew/${auth.client_token}`, 'root', { increment: 60 })).body.auth).toMatchObject({
      client_token: auth.client_token,
      lease_duration: 60,
    })
    expect(await call('POST', 'renew', 'root', {})).toEqual({ status: 400, body: { errors: ['missing token ID'] } })
  })

  it('renew-accessor hides the token', async () => {
    const { call, mint } = await emulator()
    const auth = await mint({ policies: ['default'], ttl: '1h' })
    const reply = await call('POST', 'renew-accessor', 'root', { accessor: auth.accessor, increment: '2h' })
    expect(reply.status).toBe(200)
    expect(reply.body.auth).toMatchObject({ client_token: '', accessor: auth.accessor, lease_duration: 7200 })
    expect(await call('POST', 'renew-accessor', 'root', { accessor: 'nope' })).toEqual({ status: 400, body: { errors: ['invalid accessor'] } })
    expect(await call('POST', 'renew-accessor', 'root', {})).toEqual({ status: 400, body: { errors: ['missing accessor'] } })
  })

  it('caps at the explicit max counted from the issue time, with a warning', async () => {
    const { core, call, mint } = await emulator()
    const auth = await mint({ policies: ['default'], ttl: '1h', explicit_max_ttl: '2h' })
    await core.clock.advance('50m')
    expect((await call('POST', 'renew-self', auth.client_token, { increment: '1h' })).body.auth?.lease_duration).toBe(3600)
    await core.clock.advance('40m')
    const reply = await call('POST', 'renew-self', auth.client_token, { increment: '1h' })
    expect(reply.body.auth?.lease_duration).toBe(1800)
    expect(reply.body.warnings).toEqual(['TTL of "1h" exceeded the effective max_ttl of "30m"; TTL value is capped accordingly'])
    await core.clock.advance('30m')
    expect(await call('GET', 'lookup-self', auth.client_token)).toEqual({ status: 403, body: { errors: ['permission denied'] } })
  })

  it('caps at the mount max from the issue time, and refuses once past it', async () => {
    const { core, call, mint, tuneTokenMount } = await emulator()
    tuneTokenMount({ max_lease_ttl: 4 * 3600, default_lease_ttl: 3600 })
    const auth = await mint({ policies: ['default'] })
    for (let i = 0; i < 3; i++) {
      await core.clock.advance('50m')
      expect((await call('POST', 'renew-self', auth.client_token, { increment: '1h' })).body.auth?.lease_duration).toBe(3600)
    }
    await core.clock.advance('50m')
    const capped = await call('POST', 'renew-self', auth.client_token, { increment: '1h' })
    expect(capped.body.auth?.lease_duration).toBe(40 * 60)
    expect(capped.body.warnings).toEqual(['TTL of "1h" exceeded the effective max_ttl of "40m"; TTL value is capped accordingly'])
    // The operator lowers the max: the token's hard limit has now passed.
    tuneTokenMount({ max_lease_ttl: 3600 })
    expect(await call('POST', 'renew-self', auth.client_token, { increment: '1h' })).toEqual({
      status: 400,
      body: { errors: ['past the max TTL, cannot renew'] },
    })
  })

  it('renews periodic tokens to their period, past the mount max', async () => {
    const { core, call, mint, tuneTokenMount } = await emulator()
    tuneTokenMount({ max_lease_ttl: 2 * 3600 })
    const auth = await mint({ policies: ['default'], period: '1h' })
    for (let i = 0; i < 5; i++) {
      await core.clock.advance('50m')
      const reply = await call('POST', 'renew-self', auth.client_token, { increment: '10h' })
      expect(reply.body.auth?.lease_duration).toBe(3600)
      expect(reply.body.warnings).toBeNull()
    }
  })

  it('follows the role’s current period for role tokens, and fails once the role is gone', async () => {
    const { core, call, mint } = await emulator()
    await call('POST', 'roles/p', 'root', { allowed_policies: 'x', token_period: '1h' })
    const auth = await mint({}, 'root', 'create/p')
    await call('POST', 'roles/p', 'root', { token_period: '2h' })
    expect((await call('POST', 'renew', 'root', { token: auth.client_token })).body.auth?.lease_duration).toBe(7200)
    await call('DELETE', 'roles/p', 'root')
    await core.clock.advance('1m')
    const gone = await call('POST', 'renew', 'root', { token: auth.client_token })
    expect(gone.status).toBe(500)
    expect(gone.body.errors?.[0]).toContain('original token role "p" could not be found, not renewing')
  })

  it('refuses what cannot be renewed', async () => {
    const { call, mint } = await emulator()
    const fixed = await mint({ policies: ['default'], renewable: false })
    const batch = await mint({ policies: ['default'], type: 'batch' })
    const nonExpiringRoot = await mint({})
    const cases: [string, number, string][] = [
      [fixed.client_token, 400, 'lease is not renewable'],
      ['root', 400, 'lease is not renewable'],
      [nonExpiringRoot.client_token, 400, 'lease is not renewable'],
      [batch.client_token, 400, 'batch tokens cannot be renewed'],
      ['nope', 400, 'token not found'],
    ]
    for (const [token, status, message] of cases) {
      expect(await call('POST', 'renew', 'root', { token })).toEqual({ status, body: { errors: [message] } })
    }
  })

  it('keeps a renewed token alive past its first expiry on the clock', async () => {
    const { core, call, mint } = await emulator()
    const auth = await mint({ policies: ['default'], ttl: '1h' })
    await core.clock.advance('59m')
    await call('POST', 'renew-self', auth.client_token, { increment: '1h' })
    await core.clock.advance('59m')
    expect((await call('GET', 'lookup-self', auth.client_token)).status).toBe(200)
    await core.clock.advance('1m')
    expect((await call('GET', 'lookup-self', auth.client_token)).status).toBe(403)
  })
})

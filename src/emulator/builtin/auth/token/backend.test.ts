import { describe, expect, it } from 'vitest'
import { Core } from '../../../core/core.js'
import type { AuthBlock } from '../../../core/request.js'
import { callVault } from '../../../transport/in-process.js'
import { tokenBackend } from './backend.js'

async function emulator() {
  const core = await Core.create({ clock: { mode: 'frozen', start: '2030-01-01T00:00:00Z' } })
  const call = async (method: string, path: string, token: string, data?: unknown) => {
    const reply = await callVault(core, method, path, { token, ...(data === undefined ? {} : { data }) })
    return { status: reply.status, json: reply.json }
  }
  const mint = async (data: Record<string, unknown>) =>
    ((await call('POST', 'auth/token/create', 'root', data)).json as { auth: AuthBlock }).auth
  return { core, call, mint }
}

const DENIED = { status: 403, json: { errors: ['permission denied'] } }

describe('token backend', () => {
  it('is mounted at auth/token/ with type token', async () => {
    const { call } = await emulator()
    const reply = await call('GET', 'auth/token/lookup-self', 'root')
    expect((reply.json as { mount_type: string }).mount_type).toBe('token')
  })

  it('has no unauthenticated paths and Vault’s root paths', async () => {
    const { core } = await emulator()
    const mount = core.mounts.get('auth/token/')
    if (!mount) throw new Error('no token mount')
    const backend = tokenBackend({ core, mount: mount.entry, storage: core.storage.sub('x/') })
    for (const p of ['create', 'lookup-self', 'renew-self', 'revoke-self', 'lookup', 'roles/x', 'accessors/', 'revoke-orphan']) {
      expect(backend.isUnauthenticated(p)).toBe(false)
    }
    expect(backend.isSudo('accessors/')).toBe(true)
    expect(backend.isSudo('revoke-orphan/x')).toBe(true)
    expect(backend.isSudo('revoke-orphan')).toBe(false)
    expect(backend.isSudo('create')).toBe(false)
  })

  it('a token with num_uses=2 works twice and is then revoked', async () => {
    const { call, mint } = await emulator()
    const auth = await mint({ policies: ['default'], num_uses: 2 })
    expect((await call('GET', 'auth/token/lookup-self', auth.client_token)).status).toBe(200)
    expect((await call('GET', 'auth/token/lookup-self', auth.client_token)).status).toBe(200)
    expect(await call('GET', 'auth/token/lookup-self', auth.client_token)).toEqual(DENIED)
    expect(await call('POST', 'auth/token/lookup', 'root', { token: auth.client_token })).toEqual({ status: 403, json: { errors: ['bad token'] } })
    expect((await call('POST', 'auth/token/lookup-accessor', 'root', { accessor: auth.accessor })).status).toBe(400)
  })

  it('the request that spends a token’s last use still succeeds', async () => {
    const { call, mint } = await emulator()
    const auth = await mint({ policies: ['default'], num_uses: 1 })
    expect((await call('POST', 'auth/token/renew-self', auth.client_token, {})).status).toBe(200)
    expect(await call('POST', 'auth/token/renew-self', auth.client_token, {})).toEqual(DENIED)
  })

  it('a token with ttl=1h is rejected once the clock reaches its expiry', async () => {
    const { core, call, mint } = await emulator()
    const auth = await mint({ policies: ['default'], ttl: '1h' })
    await core.clock.advance('59m59s')
    expect((await call('GET', 'auth/token/lookup-self', auth.client_token)).status).toBe(200)
    await core.clock.advance('1s')
    expect(await call('GET', 'auth/token/lookup-self', auth.client_token)).toEqual(DENIED)
    expect(await call('POST', 'auth/token/renew', 'root', { token: auth.client_token })).toEqual({
      status: 400,
      json: { errors: ['token not found'] },
    })
  })

  it('non-expiring root children survive any clock move', async () => {
    const { core, call, mint } = await emulator()
    const auth = await mint({})
    await core.clock.advance('10000h')
    expect((await call('GET', 'auth/token/lookup-self', auth.client_token)).status).toBe(200)
  })

  it('the default policy lets a fresh token look itself up, renew and revoke itself, but not create', async () => {
    const { call, mint } = await emulator()
    const auth = await mint({ policies: ['default'], ttl: '1h' })
    expect((await call('GET', 'auth/token/lookup-self', auth.client_token)).status).toBe(200)
    expect((await call('POST', 'auth/token/renew-self', auth.client_token, {})).status).toBe(200)
    expect((await call('POST', 'auth/token/create', auth.client_token, {})).status).toBe(403)
    expect((await call('POST', 'auth/token/revoke-self', auth.client_token)).status).toBe(204)
    expect(await call('GET', 'auth/token/lookup-self', auth.client_token)).toEqual(DENIED)
  })

  it('answers unknown paths and operations as Vault does', async () => {
    const { call } = await emulator()
    expect(await call('GET', 'auth/token/nope', 'root')).toEqual({ status: 404, json: { errors: ['1 error occurred:\n\t* unsupported path\n\n'] } })
    expect(await call('GET', 'auth/token/create', 'root')).toEqual({
      status: 405,
      json: { errors: ['1 error occurred:\n\t* unsupported operation\n\n'] },
    })
  })
})

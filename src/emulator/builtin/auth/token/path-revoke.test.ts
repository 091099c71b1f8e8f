import { describe, expect, it } from 'vitest'
import { tokenEmulator } from '../../../../../test/helpers/token-emulator.js'

async function emulator() {
  const { core, call, mint } = await tokenEmulator()
  const alive = async (token: string) => (await call('GET', 'lookup-self', token)).status === 200
  await core.policies.set('parent', 'path "auth/token/create" { capabilities = ["update"] }')
  /** parent → child → grandchild, all with the `parent` policy. */
  const family = async () => {
    const parent = await mint({ policies: ['parent'] })
    const child = await mint({}, parent.client_token)
    const grandchild = await mint({}, child.client_token)
    return { parent, child, grandchild }
  }
  return { core, call, mint, alive, family }
}

const DENIED = { status: 403, body: { errors: ['permission denied'] } }

describe('token revocation', () => {
  it('revoke removes the token and every descendant; then any use is 403', async () => {
    const { call, alive, family } = await emulator()
    const { parent, child, grandchild } = await family()
    expect(await call('POST', 'revoke', 'root', { token: child.client_token })).toEqual({ status: 204, body: {} })
    expect(await alive(parent.client_token)).toBe(true)
    expect(await call('GET', 'lookup-self', child.client_token)).toEqual(DENIED)
    expect(await call('GET', 'lookup-self', grandchild.client_token)).toEqual(DENIED)
    expect(await call('POST', 'lookup', 'root', { token: grandchild.client_token })).toEqual({ status: 403, body: { errors: ['bad token'] } })
  })

  it('answers 204 for unknown tokens and 400 without one', async () => {
    const { call } = await emulator()
    expect((await call('POST', 'revoke', 'root', { token: 'nope' })).status).toBe(204)
    expect(await call('POST', 'revoke', 'root', {})).toEqual({ status: 400, body: { errors: ['missing token ID'] } })
  })

  it('revoke-self revokes the caller and its tree', async () => {
    const { call, alive, family } = await emulator()
    const { parent, grandchild } = await family()
    expect((await call('POST', 'revoke-self', parent.client_token)).status).toBe(204)
    expect(await alive(parent.client_token)).toBe(false)
    expect(await alive(grandchild.client_token)).toBe(false)
  })

  it('revoke-accessor revokes by accessor and warns about unknown ones', async () => {
    const { call, alive, family } = await emulator()
    const { child, grandchild } = await family()
    expect((await call('POST', 'revoke-accessor', 'root', { accessor: child.accessor })).status).toBe(204)
    expect(await alive(grandchild.client_token)).toBe(false)
    const unknown = await call('POST', 'revoke-accessor', 'root', { accessor: 'nope' })
    expect(unknown.status).toBe(200)
    expect(unknown.body.warnings).toEqual(['No token found with this accessor'])
    expect(await call('POST', 'revoke-accessor', 'root', {})).toEqual({ status: 400, body: { errors: ['missing accessor'] } })
  })

  it('revoke-orphan revokes only the token; children survive as orphans', async () => {
    const { call, alive, family } = await emulator()
    const { parent, child, grandchild } = await family()
    expect((await call('POST', 'revoke-orphan', 'root', { token: child.client_token })).status).toBe(204)
    expect(await alive(child.client_token)).toBe(false)
    expect((await call('POST', 'lookup', 'root', { token: grandchild.client_token })).body.data?.['orphan']).toBe(true)
    // The grandchild no longer hangs off the tree.
    await call('POST', 'revoke', 'root', { token: parent.client_token })
    expect(await alive(grandchild.client_token)).toBe(true)
  })

  it('revoke-orphan needs root or sudo and a known token', async () => {
    const { core, call, mint } = await emulator()
    await core.policies.set('orphaner', 'path "auth/token/revoke-orphan" { capabilities = ["update"] }')
    await core.policies.set('sudo-orphaner', 'path "auth/token/revoke-orphan" { capabilities = ["update", "sudo"] }')
    const victim = await mint({ policies: ['default'] })
    const plain = await mint({ policies: ['orphaner'] })
    expect(await call('POST', 'revoke-orphan', plain.client_token, { token: victim.client_token })).toEqual({
      status: 400,
      body: { errors: ['root or sudo privileges required to revoke and orphan'] },
    })
    const sudoer = await mint({ policies: ['sudo-orphaner'] })
    expect((await call('POST', 'revoke-orphan', sudoer.client_token, { token: victim.client_token })).status).toBe(204)
    expect(await call('POST', 'revoke-orphan', 'root', { token: 'nope' })).toEqual({ status: 400, body: { errors: ['token to revoke not found'] } })
    expect(await call('POST', 'revoke-orphan', 'root', {})).toEqual({ status: 400, body: { errors: ['missing token ID'] } })
  })

  it('refuses to revoke batch tokens', async () => {
    const { call, mint } = await emulator()
    const batch = await mint({ policies: ['default'], type: 'batch' })
    expect(await call('POST', 'revoke', 'root', { token: batch.client_token })).toEqual({
      status: 400,
      body: { errors: ['batch tokens cannot be revoked'] },
    })
    expect(await call('POST', 'revoke-orphan', 'root', { token: batch.client_token })).toEqual({
      status: 400,
      body: { errors: ['batch tokens cannot be revoked'] },
    })
  })

  it('revoking a parent also invalidates its batch children', async () => {
    const { call, mint, alive } = await emulator()
    const parent = await mint({ policies: ['parent'] })
    const batch = await mint({ type: 'batch' }, parent.client_token)
    await call('POST', 'revoke', 'root', { token: parent.client_token })
    expect(await alive(batch.client_token)).toBe(false)
  })

  it('revoking the root token kills everything created with it except orphans', async () => {
    const { call, mint, alive } = await emulator()
    const child = await mint({ policies: ['default'] })
    const orphan = await mint({ policies: ['default'] }, 'root', 'create-orphan')
    expect((await call('POST', 'revoke-self', 'root')).status).toBe(204)
    expect(await alive(child.client_token)).toBe(false)
    expect(await alive(orphan.client_token)).toBe(true)
  })
})

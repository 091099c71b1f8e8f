/** Userpass over real HTTP, through node-vault (its userpassLogin() switches the client to the new token). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import nodeVault from 'node-vault'
import type { VaultEmulator } from '../../../emulator.js'
import { failure, startWithNodeVault } from '../../../../../test/helpers/node-vault.js'

let vault: VaultEmulator
let root: nodeVault.client

beforeAll(async () => {
  ;({ vault, root } = await startWithNodeVault({ clock: { mode: 'frozen', start: '2030-01-01T00:00:00Z' } }))
  await root.enableAuth({ mount_point: 'userpass', type: 'userpass' })
  await root.write('auth/userpass/users/alice', { password: 'hunter2', token_policies: 'dev', token_ttl: '1h', token_max_ttl: '4h' })
})

afterAll(async () => {
  await vault.stop()
})

describe('userpass through node-vault', () => {
  it('logs in and uses the token', async () => {
    const client = nodeVault({ endpoint: vault.addr })
    const reply = await client.userpassLogin({ username: 'alice', password: 'hunter2' })
    expect(reply.auth).toMatchObject({ policies: ['default', 'dev'], metadata: { username: 'alice' }, lease_duration: 3600, renewable: true, orphan: true })
    expect(client.token).toBe(reply.auth.client_token)
    const self = await client.tokenLookupSelf()
    expect(self.data).toMatchObject({ display_name: 'userpass-alice', policies: ['default', 'dev'] })
    const renewed = await client.tokenRenewSelf({ increment: '2h' })
    expect(renewed.auth.lease_duration).toBe(7200)
  })

  it('refuses a wrong password and an unknown user alike', async () => {
    const client = nodeVault({ endpoint: vault.addr })
    const wrong = await failure(client.userpassLogin({ username: 'alice', password: 'nope' }))
    const unknown = await failure(client.userpassLogin({ username: 'mallory', password: 'hunter2' }))
    expect(wrong).toMatchObject({ statusCode: 400, body: { errors: ['invalid username or password'] } })
    expect(unknown).toMatchObject({ statusCode: 400, body: { errors: ['invalid username or password'] } })
  })

  it('expires the token on the virtual clock', async () => {
    const client = nodeVault({ endpoint: vault.addr })
    await client.userpassLogin({ username: 'alice', password: 'hunter2' })
    await vault.clock.advance('61m')
    expect((await failure(client.tokenLookupSelf())).statusCode).toBe(403)
  })
})

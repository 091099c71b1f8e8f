/** AppRole failure paths over real HTTP through node-vault (the client always comes from 127.0.0.1). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import nodeVault from 'node-vault'
import type { VaultEmulator } from '../../../emulator.js'
import { failure, startWithNodeVault } from '../../../../../test/helpers/node-vault.js'

let vault: VaultEmulator
let root: nodeVault.client

async function role(name: string, options: Record<string, unknown>, secret: Record<string, unknown> = {}): Promise<{ role_id: string; secret_id: string }> {
  await root.write(`auth/approle/role/${name}`, { token_policies: 'app', ...options })
  const role_id = (await root.getApproleRoleId({ role_name: name })).data.role_id as string
  const secret_id = (await root.write(`auth/approle/role/${name}/secret-id`, secret)).data.secret_id as string
  return { role_id, secret_id }
}

const BAD = { statusCode: 400, body: { errors: ['invalid role or secret ID'] } }

beforeAll(async () => {
  ;({ vault, root } = await startWithNodeVault({ clock: { mode: 'frozen', start: '2030-01-01T00:00:00Z' } }))
  await root.enableAuth({ mount_point: 'approle', type: 'approle' })
})

afterAll(async () => {
  await vault.stop()
})

describe('AppRole through node-vault', () => {
  it('logs in, and lists, looks up and destroys secret IDs with the helpers', async () => {
    const creds = await role('web', {})
    const client = nodeVault({ endpoint: vault.addr })
    const login = await client.approleLogin(creds)
    expect(login.auth.policies).toEqual(['app', 'default'])
    expect((await client.tokenLookupSelf()).data.display_name).toBe('approle')

    const extra = await root.getApproleRoleSecret({ role_name: 'web', metadata: '{"build":"42"}' })
    const accessors = (await root.approleSecretAccessors({ role_name: 'web' })).data.keys as string[]
    expect(accessors).toContain(extra.data.secret_id_accessor)
    const looked = await root.approleSecretLookup({ role_name: 'web', secret_id: extra.data.secret_id })
    expect(looked.data.metadata).toEqual({ build: '42' })
    await root.approleSecretDestroy({ role_name: 'web', secret_id: extra.data.secret_id })
    expect(await failure(nodeVault({ endpoint: vault.addr }).approleLogin({ role_id: creds.role_id, secret_id: extra.data.secret_id }))).toMatchObject(BAD)
  })

  it('refuses an expired secret_id', async () => {
    const creds = await role('short', { secret_id_ttl: '5m' })
    await vault.clock.advance('5m')
    expect(await failure(nodeVault({ endpoint: vault.addr }).approleLogin(creds))).toMatchObject(BAD)
  })

  it('refuses a secret_id whose uses are exhausted', async () => {
    const creds = await role('once', { secret_id_num_uses: 1 })
    await nodeVault({ endpoint: vault.addr }).approleLogin(creds)
    expect(await failure(nodeVault({ endpoint: vault.addr }).approleLogin(creds))).toMatchObject(BAD)
  })

  it('refuses a secret_id used from outside its CIDRs', async () => {
    const creds = await role('fenced', {}, { cidr_list: '10.0.0.0/8' })
    expect(await failure(nodeVault({ endpoint: vault.addr }).approleLogin(creds))).toMatchObject({
      statusCode: 400,
      body: { errors: ['source address "127.0.0.1" unauthorized through CIDR restrictions on the secret ID'] },
    })
  })

  it('refuses a token used from outside its token_bound_cidrs', async () => {
    const creds = await role('bound', { token_bound_cidrs: '10.0.0.0/8' })
    const client = nodeVault({ endpoint: vault.addr })
    await client.approleLogin(creds)
    expect(await failure(client.tokenLookupSelf())).toMatchObject({ statusCode: 403, body: { errors: ['permission denied'] } })
  })

  it('refuses an unknown role', async () => {
    const creds = await role('gone', {})
    await root.deleteApproleRole({ role_name: 'gone' })
    expect(await failure(nodeVault({ endpoint: vault.addr }).approleLogin(creds))).toMatchObject(BAD)
    expect(await failure(nodeVault({ endpoint: vault.addr }).approleLogin({ role_id: 'no-such-role-id', secret_id: 'x' }))).toMatchObject(BAD)
  })
})

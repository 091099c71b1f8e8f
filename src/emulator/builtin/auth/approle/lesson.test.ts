/**
 * The lesson's Part 5 AppRole flow for `ci-pipeline`, over real HTTP with
 * node-vault, on the virtual clock.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import nodeVault from 'node-vault'
import type { VaultEmulator } from '../../../emulator.js'
import { failure, startWithNodeVault } from '../../../../../test/helpers/node-vault.js'

let vault: VaultEmulator
let root: nodeVault.client

beforeAll(async () => {
  ;({ vault, root } = await startWithNodeVault({ clock: { mode: 'frozen', start: '2030-01-01T00:00:00Z' } }))
})

afterAll(async () => {
  await vault.stop()
})

describe('Part 5: AppRole for CI pipelines', () => {
  it('role-id, secret-id (vault write -f), login, renewals up to token_max_ttl, secret_id dead after 10m', async () => {
    // vault auth enable approle
    await root.enableAuth({ mount_point: 'approle', type: 'approle' })
    // vault write auth/approle/role/ci-pipeline token_policies="ci-deploy" token_ttl=1h token_max_ttl=4h secret_id_ttl=10m
    await root.write('auth/approle/role/ci-pipeline', { token_policies: 'ci-deploy', token_ttl: '1h', token_max_ttl: '4h', secret_id_ttl: '10m' })

    // vault read auth/approle/role/ci-pipeline/role-id
    const roleId = (await root.getApproleRoleId({ role_name: 'ci-pipeline' })).data.role_id as string
    expect(roleId).toMatch(/^[0-9a-f-]{36}$/)

    // vault write -f auth/approle/role/ci-pipeline/secret-id: a PUT with an empty body
    const generated = await fetch(`${vault.addr}/v1/auth/approle/role/ci-pipeline/secret-id`, {
      method: 'PUT',
      headers: { 'x-vault-token': vault.rootToken },
    })
    expect(generated.status).toBe(200)
    const secret = ((await generated.json()) as { data: { secret_id: string; secret_id_accessor: string; secret_id_ttl: number } }).data
    expect(secret.secret_id_ttl).toBe(600)

    // vault write auth/approle/login role_id=... secret_id=...
    const ci = nodeVault({ endpoint: vault.addr })
    const login = await ci.approleLogin({ role_id: roleId, secret_id: secret.secret_id })
    expect(login.auth).toMatchObject({
      policies: ['ci-deploy', 'default'],
      token_policies: ['ci-deploy', 'default'],
      metadata: { role_name: 'ci-pipeline' },
      lease_duration: 3600,
      renewable: true,
      orphan: true,
      token_type: 'service',
    })
    expect(ci.token).toBe(login.auth.client_token)

    // Ten virtual minutes later the secret_id is dead; the token is not.
    await vault.clock.advance('10m')
    const dead = await failure(nodeVault({ endpoint: vault.addr }).approleLogin({ role_id: roleId, secret_id: secret.secret_id }))
    expect(dead).toMatchObject({ statusCode: 400, body: { errors: ['invalid role or secret ID'] } })
    expect((await ci.tokenLookupSelf()).data.policies).toEqual(['ci-deploy', 'default'])

    // Renewable, but never past 4h from the login.
    for (const step of ['40m', '55m', '55m']) {
      await vault.clock.advance(step) // t = 50m, 1h45m, 2h40m: each renewal grants the role's 1h again
      expect((await ci.tokenRenewSelf()).auth.lease_duration).toBe(3600)
    }
    await vault.clock.advance('50m') // t = 3h30m
    const capped = await ci.tokenRenewSelf()
    expect(capped.auth.lease_duration).toBe(1800)
    expect(capped.warnings).toEqual(['TTL of "1h" exceeded the effective max_ttl of "30m"; TTL value is capped accordingly'])
    await vault.clock.advance('29m') // t = 3h59m
    expect((await ci.tokenRenewSelf({ increment: '1h' })).auth.lease_duration).toBe(60)
    await vault.clock.advance('1m') // t = 4h: gone, so renewing is refused
    expect((await failure(ci.tokenRenewSelf())).statusCode).toBe(403)
    expect((await failure(root.write('auth/token/renew-accessor', { accessor: login.auth.accessor }))).body.errors).toEqual(['invalid accessor'])
  })
})

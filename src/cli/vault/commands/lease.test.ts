import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createVaultEmulator, startVaultEmulator } from '../../../index.js'
import { mountLeaseEngine, revokedLeases } from '../../../../test/helpers/lease-engine.js'
import { vaultCli } from '../../../../test/helpers/vault-cli.js'

type Emulator = Awaited<ReturnType<typeof createVaultEmulator>>

describe('vault lease (lesson Part 7, step 5)', () => {
  let vault: Emulator
  let cli: ReturnType<typeof vaultCli>
  const lease = async (role: string) => ((await vault.request('GET', `dyn/creds/${role}`)).json as { lease_id: string }).lease_id

  beforeAll(async () => {
    vault = await startVaultEmulator({ port: 0, clock: { mode: 'frozen', start: '2030-01-01T00:00:00Z' } })
    mountLeaseEngine(vault.core)
    cli = vaultCli({ VAULT_ADDR: vault.addr, VAULT_TOKEN: vault.rootToken })
  })
  afterAll(async () => vault.stop())

  it('lease renew prints the lease table; -increment asks for a new TTL', async () => {
    const id = await lease('app-readonly')
    const r = await cli.run('lease', 'renew', id)
    expect(r.code).toBe(0)
    expect(r.stdout).toBe(`Key                Value\n---                -----\nlease_id           ${id}\nlease_duration     1h\nlease_renewable    true\n`)
    expect((await cli.run('lease', 'renew', '-increment=30m', id)).stdout).toContain('\nlease_duration     30m\n')
    expect(await cli.run('lease', 'renew')).toEqual({ code: 1, stdout: '', stderr: 'Missing ID!\n' })
  })

  it('lease lookup prints the lease times', async () => {
    const id = await lease('looked-up')
    const r = await cli.run('lease', 'lookup', id)
    expect(r.code).toBe(0)
    expect(r.stdout).toContain(`\nid              ${id}\n`)
    expect(r.stdout).toMatch(/\nexpire_time +2030-01-01T01:00:00Z\n/)
    expect(r.stdout).toMatch(/\nttl +1h\n/)
  })

  it('lease revoke queues the revocation; -prefix revokes every lease under a path', async () => {
    const one = await lease('one')
    expect(await cli.run('lease', 'revoke', one)).toEqual({ code: 0, stdout: 'All revocation operations queued successfully!\n', stderr: '' })
    expect(revokedLeases(vault.core)).toContain(one)
    const a = await lease('app-readonly')
    const b = await lease('app-readonly')
    expect(await cli.run('lease', 'revoke', '-prefix', 'dyn/creds/app-readonly/')).toEqual({ code: 0, stdout: 'All revocation operations queued successfully!\n', stderr: '' })
    expect(revokedLeases(vault.core)).toEqual(expect.arrayContaining([a, b]))
    expect(await cli.run('lease', 'revoke', '-force', 'x')).toEqual({ code: 1, stdout: '', stderr: 'Specifying -force requires also specifying -prefix\n' })
  })

  it('renewing a revoked lease reports the server error with exit 2', async () => {
    const id = await lease('gone')
    await cli.run('lease', 'revoke', id)
    const r = await cli.run('lease', 'renew', id)
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(new RegExp(`^Error renewing ${id}: Error making API request\\.\\n\\nURL: PUT ${vault.addr}/v1/sys/leases/renew\\nCode: 400\\. Errors:\\n\\n\\* `))
  })
})

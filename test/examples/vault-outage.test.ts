// How the example app behaves when Vault misbehaves: `vault.faults` seals Vault or cuts it off from
// the database mid-test. Faults are undone by the fixture's restore before the next test.
import { describe, expect } from 'vitest'
import { createVaultTest } from 'vault-emu/vitest'
import type { VaultEmulator } from 'vault-emu'
import { UserStore } from './app/user-store.js'
import { configureVault } from './app/configure-vault.js'

const test = createVaultTest({
  postgres: 'embedded',
  clock: { mode: 'frozen', start: '2030-01-01T00:00:00Z' },
  setup: configureVault,
})

async function openStore(vault: VaultEmulator, vaultToken: string): Promise<UserStore> {
  const server = vault.postgres
  if (!server) throw new Error('no PostgreSQL')
  return UserStore.open({ vaultAddr: vault.addr, vaultToken, role: 'readonly', db: { host: server.host, port: server.port, database: server.database } })
}

describe('the user store during a Vault outage', () => {
  test('sealed Vault: a new instance cannot start, a running one keeps querying but cannot renew', async ({ vault }) => {
    const token = await vault.token({ policies: ['app-db'], ttl: '24h' })
    const running = await openStore(vault, token)

    await vault.faults.seal()
    await expect(openStore(vault, token)).rejects.toThrow(/Vault is sealed/)
    expect(await running.countUsers()).toBe(3) // PostgreSQL does not ask Vault
    await expect(running.renew('1h')).rejects.toThrow(/Vault is sealed/)

    await vault.faults.unseal()
    expect(await running.renew('1h')).toBe(3600)
  })

  test('database unreachable from Vault: no new credentials, issued ones keep working', async ({ vault }) => {
    const token = await vault.token({ policies: ['app-db'], ttl: '24h' })
    const running = await openStore(vault, token)

    vault.faults.databaseDown()
    await expect(openStore(vault, token)).rejects.toThrow(/connect: connection refused/)
    expect(await running.countUsers()).toBe(3)

    vault.faults.databaseUp()
    expect(await (await openStore(vault, token)).countUsers()).toBe(3)
  })

  test('a fault left active is gone in the next test (restored before each)', async ({ vault }) => {
    vault.faults.databaseDown()
    await vault.faults.seal()
    expect(vault.faults.list().map((f) => f.kind)).toEqual(['seal', 'database-down'])
  })

  test('...so this one starts healthy', async ({ vault }) => {
    expect(vault.faults.list()).toEqual([])
    expect(vault.core.sealStatus().sealed).toBe(false)
    const store = await openStore(vault, await vault.token({ policies: ['app-db'] }))
    expect(await store.countUsers()).toBe(3)
  })
})

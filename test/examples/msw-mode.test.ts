// The same application module with no Vault server at all: msw answers node-vault from an in-process emulator.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { setupServer } from 'msw/node'
import { createVaultEmulator } from 'vault-emu'
import type { VaultEmulator } from 'vault-emu'
import { vaultHandlers } from 'vault-emu/msw'
import 'vault-emu/vitest/matchers'
import { UserStore } from './app/user-store.js'
import { configureVault } from './app/configure-vault.js'

const VAULT_ADDR = 'http://vault.example.internal:8200'
let vault: VaultEmulator
let server: ReturnType<typeof setupServer>

beforeAll(async () => {
  vault = await createVaultEmulator({ postgres: 'embedded', clock: { mode: 'frozen', start: '2030-01-01T00:00:00Z' } })
  await configureVault(vault)
  server = setupServer(...vaultHandlers(vault, { baseUrl: VAULT_ADDR }))
  // PostgreSQL is a real socket: let it through.
  server.listen({ onUnhandledFrame: 'bypass' })
})

afterAll(async () => {
  server?.close()
  await vault?.stop()
})

describe('msw mode', () => {
  it('reads credentials and queries with them, with no Vault server listening', async () => {
    expect(vault.addr).toBe('')
    const pgServer = vault.postgres
    if (!pgServer) throw new Error('no PostgreSQL')
    const token = await vault.token({ policies: ['app-db'], ttl: '1h' })
    const store = await UserStore.open({ vaultAddr: VAULT_ADDR, vaultToken: token, role: 'readonly', db: { host: pgServer.host, port: pgServer.port, database: pgServer.database } })
    expect(await store.countUsers()).toBe(3)
    expect(await store.renew('30m')).toBe(1800)
    await vault.request('PUT', 'sys/leases/revoke', { data: { lease_id: store.leaseId } })
    await expect(store.countUsers()).rejects.toThrow()
  })
})

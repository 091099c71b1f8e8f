// An application's tests as a user would write them with vault-emu/vitest: a real PostgreSQL, a frozen
// clock, one emulator per worker restored before each test.
import { describe, expect } from 'vitest'
import nodeVault from 'node-vault'
import { createVaultTest } from 'vault-emu/vitest'
import { assertHasPrivilege } from 'vault-emu/assertions'
import type { VaultEmulator } from 'vault-emu'
import { UserStore } from './app/user-store.js'
import { configureVault } from './app/configure-vault.js'

const test = createVaultTest({
  postgres: 'embedded',
  clock: { mode: 'frozen', start: '2030-01-01T00:00:00Z' },
  setup: configureVault,
})

async function openStore(vault: VaultEmulator, vaultToken: string, role = 'readonly'): Promise<UserStore> {
  const server = vault.postgres
  if (!server) throw new Error('no PostgreSQL')
  return UserStore.open({ vaultAddr: vault.addr, vaultToken, role, db: { host: server.host, port: server.port, database: server.database } })
}

describe('the user store on readonly credentials', () => {
  test('reads users with the readonly role', async ({ vault }) => {
    const token = await vault.token({ policies: ['app-db'], ttl: '1h' })
    const store = await openStore(vault, token)
    expect(await store.countUsers()).toBe(3)
    await assertHasPrivilege(vault, store.username, 'SELECT', 'users')
  })

  test('cannot INSERT', async ({ vault }) => {
    const store = await openStore(vault, await vault.token({ policies: ['app-db'] }))
    await expect(store.addUser('mallory')).rejects.toThrow('permission denied for table users')
  })

  test('survives past the first hour by renewing its lease', async ({ vault }) => {
    const store = await openStore(vault, await vault.token({ policies: ['app-db'], ttl: '24h' }))
    await vault.clock.advance('50m')
    expect(await store.renew('1h')).toBe(3600)
    await vault.clock.advance('50m')
    expect(await store.countUsers()).toBe(3)
    expect(vault.core.expiration.get(store.leaseId)).toBeDefined()
  })

  test('breaks once the lease expires without renewal', async ({ vault, pg }) => {
    const store = await openStore(vault, await vault.token({ policies: ['app-db'], ttl: '24h' }))
    await vault.clock.advance('61m')
    await expect(store.countUsers()).rejects.toThrow(/password authentication failed|does not exist/)
    expect((await pg.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [store.username])).rowCount).toBe(0)
  })

  test('logs in with Kubernetes auth through the fake cluster', async ({ vault }) => {
    const jwt = vault.kubernetes.serviceAccountToken({ namespace: 'production', serviceAccount: 'myapp-sa' })
    const client = nodeVault({ endpoint: vault.addr, apiVersion: 'v1' })
    const login = (await client.kubernetesLogin({ mount_point: 'kubernetes', role: 'myapp', jwt })) as { auth: { client_token: string } }
    const token = login.auth.client_token
    await expect({ vault, token }).toExpireIn('1h')
    const store = await openStore(vault, token)
    expect(await store.countUsers()).toBe(3)
  })
})

describe('policy regression: app-db', () => {
  test('grants readonly creds and renewal, nothing more', async ({ vault }) => {
    await expect({ vault, policy: 'app-db' }).toGrant(['read'], 'database/creds/readonly')
    await expect({ vault, policy: 'app-db' }).toGrant(['update'], 'sys/leases/renew')
    await expect({ vault, policy: 'app-db' }).not.toGrant(['read'], 'database/creds/readwrite')
    await expect({ vault, policy: 'app-db' }).not.toGrant(['update'], 'database/roles/readonly')
    const token = await vault.token({ policies: ['app-db'] })
    await expect({ vault, token }).toBeDenied('read', 'database/config/app')
  })
})

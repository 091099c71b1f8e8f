// `faults.databaseDown()`: the engine's sessions fail as if the PostgreSQL host refused them,
// against a real (embedded) PostgreSQL that keeps running for the credentials already issued.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { connectionConfig, createVaultAdmin, startDatabase, startEmulator } from './test-harness.js'
import type { Database, Emulator } from './test-harness.js'

interface Creds {
  lease_id: string
  data: { username: string; password: string }
}

const CREATE = `CREATE ROLE "{{name}}" WITH LOGIN PASSWORD '{{password}}' VALID UNTIL '{{expiration}}'; GRANT SELECT ON ALL TABLES IN SCHEMA public TO "{{name}}";`
const REVOKE = `REVOKE ALL ON ALL TABLES IN SCHEMA public FROM "{{name}}"; DROP ROLE IF EXISTS "{{name}}";`

let db: Database
let vault: Emulator

beforeAll(async () => {
  db = await startDatabase()
  await createVaultAdmin(db, 'fault_admin', 'admin-pw-1')
  await db.admin.query(`CREATE TABLE IF NOT EXISTS fault_items (id int); GRANT SELECT ON ALL TABLES IN SCHEMA public TO fault_admin WITH GRANT OPTION`)
  vault = await startEmulator()
  await vault.ok('POST', 'sys/mounts/database', { type: 'database' })
  await vault.ok('POST', 'database/config/app', connectionConfig(db, 'fault_admin', 'admin-pw-1', { allowed_roles: '*' }))
  await vault.ok('POST', 'database/roles/ro', { db_name: 'app', creation_statements: CREATE, revocation_statements: REVOKE, default_ttl: '1h', max_ttl: '24h' })
})

afterAll(async () => {
  await vault?.core.faults.clear()
  await vault?.core.stop()
  await db?.stop()
})

describe('faults.databaseDown()', () => {
  it('refuses new credentials, fails revocations into the retry path, and comes back with databaseUp()', async () => {
    const before = await vault.ok<Creds>('GET', 'database/creds/ro')
    vault.core.faults.databaseDown()
    expect(vault.core.faults.list()).toEqual([{ kind: 'database-down' }])

    const refused = await vault.call('GET', 'database/creds/ro')
    expect(refused.status).toBe(500)
    const text = JSON.stringify(refused.json)
    expect(text).toContain('failed to connect to `user=fault_admin database=')
    expect(text).toContain(`dial error: dial tcp ${db.server.host}:${db.server.port}: connect: connection refused`)

    // Connection verification on a config write fails the same way.
    const verify = await vault.call('POST', 'database/config/other', connectionConfig(db, 'fault_admin', 'admin-pw-1', { allowed_roles: '*' }))
    expect(verify.status).toBe(400)
    expect(JSON.stringify(verify.json)).toContain('error verifying connection: failed to connect')

    // An explicit revocation fails (the lease stays); the user already issued keeps working, as on a real outage.
    expect((await vault.call('PUT', 'sys/leases/revoke', { lease_id: before.lease_id })).status).toBe(500)
    expect(vault.core.expiration.get(before.lease_id)).toBeDefined()
    expect(await db.runAs(before.data.username, before.data.password, 'SELECT count(*) FROM fault_items')).toBe('')

    // On expiry the revocation is retried with Vault's backoff...
    const atExpiry = await vault.core.clock.advance('1h')
    expect(atExpiry.events.filter((e) => e.id === before.lease_id).map((e) => e.kind)).toEqual(['revoke-failed'])
    expect(await db.roleExists(before.data.username)).toBe(true)

    // ...and succeeds once the database is back.
    vault.core.faults.databaseUp()
    expect(vault.core.faults.list()).toEqual([])
    await vault.core.clock.advance('10s')
    expect(vault.core.expiration.get(before.lease_id)).toBeUndefined()
    expect(await db.roleExists(before.data.username)).toBe(false)

    const after = await vault.ok<Creds>('GET', 'database/creds/ro')
    expect(await db.canLogin(after.data.username, after.data.password)).toBe(true)
    await vault.ok('PUT', 'sys/leases/revoke', { lease_id: after.lease_id })
  })
})

// Revocations that fail on real PostgreSQL fail in the emulator too, loudly: the lease stays
// (irrevocable after Vault's retries), the user keeps working, and the error says what to change.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { connectionConfig, createVaultAdmin, startDatabase, startEmulator } from './test-harness.js'
import type { Database, Emulator } from './test-harness.js'

interface Creds {
  lease_id: string
  data: { username: string; password: string }
}

const LESSON_CREATE = `CREATE ROLE "{{name}}" WITH LOGIN PASSWORD '{{password}}' VALID UNTIL '{{expiration}}'; GRANT SELECT ON ALL TABLES IN SCHEMA public TO "{{name}}";`
const LESSON_REVOKE = `DROP ROLE IF EXISTS "{{name}}";`
const REVOKE_HINT = 'REVOKE ALL ON ALL TABLES IN SCHEMA public FROM "{{name}}"'
const OWNED_REVOKE = `GRANT "{{name}}" TO CURRENT_USER; REASSIGN OWNED BY "{{name}}" TO CURRENT_USER; DROP OWNED BY "{{name}}"; DROP ROLE IF EXISTS "{{name}}";`

let db: Database
let vault: Emulator

beforeAll(async () => {
  db = await startDatabase()
  await createVaultAdmin(db, 'vault_admin', 'admin-pw-1')
  await db.admin.query(`CREATE TABLE users (id int, name text); INSERT INTO users VALUES (1, 'a'), (2, 'b')`)
  await db.admin.query('GRANT SELECT ON ALL TABLES IN SCHEMA public TO vault_admin WITH GRANT OPTION')
  // So that a dynamic user may be allowed to create tables in public.
  await db.admin.query('GRANT ALL ON SCHEMA public TO vault_admin WITH GRANT OPTION')
  vault = await startEmulator()
  await vault.ok('POST', 'sys/mounts/database', { type: 'database' })
  await vault.ok('POST', 'database/config/app', connectionConfig(db, 'vault_admin', 'admin-pw-1', { allowed_roles: '*' }))
})

afterAll(async () => {
  await vault?.core.stop()
  expect(await db.dynamicUsers()).toEqual([])
  expect(await db.vaultSessions({ settle: true })).toBe(0)
  await db?.stop()
})

describe('revocation', () => {
  it("the lesson's literal role (DROP ROLE only, after a GRANT) cannot be revoked: retried, then irrevocable, and the user keeps working", async () => {
    await vault.ok('POST', 'database/roles/app-readonly', { db_name: 'app', creation_statements: LESSON_CREATE, revocation_statements: LESSON_REVOKE, default_ttl: '1h', max_ttl: '24h' })
    const creds = await vault.ok<Creds>('GET', 'database/creds/app-readonly')
    const user = creds.data.username

    // Expiry fails; Vault retries with backoff (10s, 20s, 40s, 80s, 160s), then gives up.
    const atExpiry = await vault.core.clock.advance('1h')
    const retries = await vault.core.clock.advance('10m')
    const failures = [...atExpiry.events, ...retries.events].filter((e) => e.id === creds.lease_id)
    expect(failures.map((e) => e.kind)).toEqual(['revoke-failed', 'revoke-failed', 'revoke-failed', 'revoke-failed', 'revoke-failed', 'irrevocable'])
    const error = failures[0]?.error ?? ''
    expect(error).toContain(`ERROR: role "${user}" cannot be dropped because some objects depend on it (SQLSTATE 2BP01)`)
    expect(error).toContain('privileges for table users')
    expect(error).toContain(REVOKE_HINT)
    // The console says it too, on every attempt.
    expect(vault.logs.filter((l) => l.includes(creds.lease_id) && l.includes(REVOKE_HINT))).toHaveLength(6)
    expect(vault.logs.at(-1)).toMatch(/is irrevocable after 6 failed attempts: ERROR: role ".*" cannot be dropped/)

    // The lease stays, visible, with the error; the credential still works, as in production.
    const lookup = await vault.ok<{ data: Record<string, unknown> }>('PUT', 'sys/leases/lookup', { lease_id: creds.lease_id })
    expect(lookup.data['revoke_error']).toBe(error)
    expect((await vault.ok<{ data: { lease_count: number } }>('GET', 'sys/leases/count', { type: 'irrevocable' })).data.lease_count).toBe(1)
    expect(await db.runAs(user, creds.data.password, 'SELECT count(*) FROM users')).toBe('')

    // An explicit revoke answers with the error (500) and changes nothing.
    const explicit = await vault.call('PUT', 'sys/leases/revoke', { lease_id: creds.lease_id })
    expect(explicit.status).toBe(500)
    const text = (explicit.json as { errors: string[] }).errors[0] ?? ''
    expect(text).toMatch(/^1 error occurred:\n\t\* failed to revoke entry: ERROR: role "v-root-app-read-[^"]+" cannot be dropped because some objects depend on it \(SQLSTATE 2BP01\)/)
    expect(text).toContain(REVOKE_HINT)
    expect(await db.roleExists(user)).toBe(true)

    // The fix the hint gives: revocation uses the role's current statements.
    await vault.ok('POST', 'database/roles/app-readonly', { revocation_statements: `${REVOKE_HINT}; ${LESSON_REVOKE}` })
    expect((await vault.call('PUT', 'sys/leases/revoke', { lease_id: creds.lease_id })).status).toBe(204)
    expect(await db.roleExists(user)).toBe(false)
    expect(await db.canLogin(user, creds.data.password)).toBe(false)
  })

  it('a user that created a table can still be revoked', async () => {
    await vault.ok('POST', 'database/roles/app-owner', {
      db_name: 'app',
      creation_statements: `CREATE ROLE "{{name}}" WITH LOGIN PASSWORD '{{password}}' VALID UNTIL '{{expiration}}'; GRANT USAGE, CREATE ON SCHEMA public TO "{{name}}";`,
      default_ttl: '1h',
    })
    const creds = await vault.ok<Creds>('GET', 'database/creds/app-owner')
    const user = creds.data.username
    expect(await db.runAs(user, creds.data.password, 'CREATE TABLE scratch (x int)')).toBe('')

    // The built-in revocation (empty revocation_statements) hands the user's objects to the admin,
    // drops its remaining privileges, then the role: the table survives, the user does not.
    const report = await vault.core.clock.advance('1h')
    expect(report.events).toContainEqual({ kind: 'expired', id: creds.lease_id })
    expect(await db.roleExists(user)).toBe(false)
    expect(await db.canLogin(user, creds.data.password)).toBe(false)
    const owner = await db.admin.query<{ tableowner: string }>(`SELECT tableowner FROM pg_tables WHERE tablename = 'scratch'`)
    expect(owner.rows[0]?.tableowner).toBe('vault_admin')
  })

  it('explicit statements that take over owned objects work too', async () => {
    await vault.ok('POST', 'database/roles/app-owner2', {
      db_name: 'app',
      creation_statements: `CREATE ROLE "{{name}}" WITH LOGIN PASSWORD '{{password}}' VALID UNTIL '{{expiration}}'; GRANT USAGE, CREATE ON SCHEMA public TO "{{name}}";`,
      revocation_statements: OWNED_REVOKE,
      default_ttl: '1h',
    })
    const creds = await vault.ok<Creds>('GET', 'database/creds/app-owner2')
    expect(await db.runAs(creds.data.username, creds.data.password, 'CREATE TABLE scratch2 (x int)')).toBe('')
    expect((await vault.call('PUT', 'sys/leases/revoke', { lease_id: creds.lease_id })).status).toBe(204)
    expect(await db.roleExists(creds.data.username)).toBe(false)
  })

  it('the built-in revocation drops a user that only holds grants, and is idempotent', async () => {
    await vault.ok('POST', 'database/roles/builtin', { db_name: 'app', creation_statements: LESSON_CREATE, default_ttl: '10m' })
    const creds = await vault.ok<Creds>('GET', 'database/creds/builtin')
    expect(await db.runAs(creds.data.username, creds.data.password, 'SELECT * FROM users')).toBe('')
    const report = await vault.core.clock.advance('10m')
    expect(report.events).toContainEqual({ kind: 'expired', id: creds.lease_id })
    expect(await db.roleExists(creds.data.username)).toBe(false)

    // A user dropped behind the emulator's back: revocation finds nothing to do and succeeds.
    const gone = await vault.ok<Creds>('GET', 'database/creds/builtin')
    await db.admin.query(`SET ROLE vault_admin; REVOKE ALL ON ALL TABLES IN SCHEMA public FROM "${gone.data.username}"; RESET ROLE; DROP ROLE "${gone.data.username}"`)
    expect((await vault.call('PUT', 'sys/leases/revoke', { lease_id: gone.lease_id })).status).toBe(204)
  })
})

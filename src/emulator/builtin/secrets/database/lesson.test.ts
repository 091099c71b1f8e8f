// The lesson's Part 7 ("Dynamic Database Secrets — The Full Walkthrough"), end to end on a real
// PostgreSQL with password logins: every "the credential works" / "it is dead" is a login attempt.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { connectionConfig, createVaultAdmin, startDatabase, startEmulator } from './test-harness.js'
import type { Database, Emulator } from './test-harness.js'

interface Creds {
  lease_id: string
  lease_duration: number
  renewable: boolean
  data: { username: string; password: string }
  warnings: string[] | null
}

const READONLY_CREATE = `CREATE ROLE "{{name}}" WITH LOGIN PASSWORD '{{password}}' VALID UNTIL '{{expiration}}'; GRANT SELECT ON ALL TABLES IN SCHEMA public TO "{{name}}";`
const READWRITE_CREATE = `CREATE ROLE "{{name}}" WITH LOGIN PASSWORD '{{password}}' VALID UNTIL '{{expiration}}'; GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO "{{name}}";`
// The lesson's own revocation (DROP ROLE alone) cannot work after a GRANT; see revocation.test.ts.
const REVOKE_THEN_DROP = `REVOKE ALL ON ALL TABLES IN SCHEMA public FROM "{{name}}"; DROP ROLE IF EXISTS "{{name}}";`

let db: Database
let vault: Emulator

async function validUntil(user: string): Promise<string> {
  const row = (await db.admin.query<{ v: Date }>('SELECT rolvaliduntil AS v FROM pg_roles WHERE rolname = $1', [user])).rows[0]
  return row ? row.v.toISOString() : 'gone'
}

beforeAll(async () => {
  db = await startDatabase()
  // Step 1, as the provider's admin.
  await createVaultAdmin(db, 'vault_admin', 'vault-managed-2026')
  await db.admin.query(`CREATE TABLE users (id serial PRIMARY KEY, name text NOT NULL)`)
  await db.admin.query(`INSERT INTO users (name) SELECT 'user-' || g FROM generate_series(1, 42) g`)
  vault = await startEmulator()
  await vault.ok('POST', 'sys/mounts/database', { type: 'database' })
})

afterAll(async () => {
  await vault?.core.stop()
  // Everything the emulator created was dropped, and its pools are closed.
  expect(await db.dynamicUsers()).toEqual([])
  expect(await db.vaultSessions({ settle: true })).toBe(0)
  await db?.stop()
})

describe("the lesson's Part 7 on real PostgreSQL", () => {
  it('step 2: configures production-db without ever showing the password, and rotate-root makes the typed password useless', async () => {
    const written = await vault.call(
      'POST',
      'database/config/production-db',
      connectionConfig(db, 'vault_admin', 'vault-managed-2026', { allowed_roles: 'app-readonly,app-readwrite' }),
    )
    expect(written.status).toBe(204)
    const read = await vault.ok<{ data: Record<string, unknown> }>('GET', 'database/config/production-db')
    expect(read.data).toEqual({
      allowed_roles: ['app-readonly', 'app-readwrite'],
      connection_details: { connection_url: db.templatedUrl, username: 'vault_admin' },
      password_policy: '',
      plugin_name: 'postgresql-database-plugin',
      plugin_version: '',
      root_credentials_rotate_statements: [],
    })
    expect(((await vault.ok<{ data: { keys: string[] } }>('LIST', 'database/config')).data.keys)).toEqual(['production-db'])

    expect(await db.canLogin('vault_admin', 'vault-managed-2026')).toBe(true)
    expect((await vault.call('POST', 'database/rotate-root/production-db')).status).toBe(204)
    // "After rotate-root, the password you typed on the command line is no longer valid."
    expect(await db.canLogin('vault_admin', 'vault-managed-2026')).toBe(false)
    expect(JSON.stringify(await vault.ok('GET', 'database/config/production-db'))).not.toContain('vault-managed-2026')
  })

  it("step 3: the lesson's grants alone cannot hand out SELECT on a table vault_admin does not own; nothing is left behind", async () => {
    await vault.ok('POST', 'database/roles/app-readonly', { db_name: 'production-db', creation_statements: READONLY_CREATE, revocation_statements: REVOKE_THEN_DROP, default_ttl: '1h', max_ttl: '24h' })
    const refused = await vault.call('GET', 'database/creds/app-readonly')
    expect(refused.status).toBe(500)
    expect(refused.json).toEqual({ errors: ['1 error occurred:\n\t* failed to execute query: ERROR: permission denied for table users (SQLSTATE 42501)\n\n'] })
    // CREATE ROLE ran before the GRANT failed: the transaction took it back.
    expect(await db.dynamicUsers()).toEqual([])
    // What the lesson leaves out: the admin needs grant rights on the application's tables.
    await db.admin.query('GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO vault_admin WITH GRANT OPTION')
    await db.admin.query('GRANT ALL ON ALL SEQUENCES IN SCHEMA public TO vault_admin WITH GRANT OPTION')
  })

  it('step 3-4: reads a role back as Vault shows it, and app-readonly logs in and can SELECT but not INSERT', async () => {
    await vault.ok('POST', 'database/roles/app-readwrite', {
      db_name: 'production-db',
      creation_statements: [READWRITE_CREATE, 'GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO "{{name}}";'],
      revocation_statements: `REVOKE ALL ON ALL TABLES IN SCHEMA public FROM "{{name}}"; REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM "{{name}}"; DROP ROLE IF EXISTS "{{name}}";`,
      default_ttl: '30m',
      max_ttl: '4h',
    })
    const role = await vault.ok<{ data: unknown }>('GET', 'database/roles/app-readonly')
    expect(role.data).toEqual({
      creation_statements: [READONLY_CREATE],
      credential_type: 'password',
      db_name: 'production-db',
      default_ttl: 3600,
      max_ttl: 86400,
      renew_statements: [],
      revocation_statements: [REVOKE_THEN_DROP],
      rollback_statements: [],
    })
    expect((await vault.ok<{ data: { keys: string[] } }>('LIST', 'database/roles')).data.keys).toEqual(['app-readonly', 'app-readwrite'])

    const ro = await vault.ok<Creds>('GET', 'database/creds/app-readonly')
    expect(ro.lease_id).toMatch(/^database\/creds\/app-readonly\/[0-9A-Za-z]{24}$/)
    expect(ro.lease_duration).toBe(3600)
    expect(ro.renewable).toBe(true)
    expect(ro.data.username).toMatch(/^v-root-app-read-[0-9A-Za-z]{20}-1893456000$/)
    expect(ro.data.password).toMatch(/^[A-Za-z0-9-]{20}$/)
    expect(await validUntil(ro.data.username)).toBe('2030-01-01T01:00:05.000Z')
    expect(await db.runAs(ro.data.username, ro.data.password, 'SELECT count(*) FROM users')).toBe('')
    expect(await db.runAs(ro.data.username, ro.data.password, `INSERT INTO users (name) VALUES ('nope')`)).toBe('permission denied for table users')

    const rw = await vault.ok<Creds>('GET', 'database/creds/app-readwrite')
    expect(rw.lease_duration).toBe(1800)
    expect(await db.runAs(rw.data.username, rw.data.password, `INSERT INTO users (name) VALUES ('written by a dynamic user')`)).toBe('')

    // "After 1 hour: Vault drops the role. The credential is dead."
    const report = await vault.core.clock.advance('1h')
    expect(report.events.filter((e) => e.kind === 'expired').map((e) => e.id).sort()).toEqual([ro.lease_id, rw.lease_id].sort())
    expect(await db.roleExists(ro.data.username)).toBe(false)
    expect(await db.roleExists(rw.data.username)).toBe(false)
    expect(await db.canLogin(ro.data.username, ro.data.password)).toBe(false)
  })

  it('step 5: renewing before expiry pushes VALID UNTIL out and keeps the user, up to max_ttl and not beyond', async () => {
    const start = vault.core.clock.now()
    const ro = await vault.ok<Creds>('GET', 'database/creds/app-readonly')
    await vault.core.clock.advance('50m')
    const renewed = await vault.ok<{ lease_duration: number; lease_id: string; data: unknown }>('PUT', 'sys/leases/renew', { lease_id: ro.lease_id })
    expect(renewed).toMatchObject({ lease_id: ro.lease_id, lease_duration: 3600, data: null })
    expect(await validUntil(ro.data.username)).toBe(new Date(start + (50 * 60 + 3600 + 5) * 1000).toISOString())
    await vault.core.clock.advance('30m') // past the original hour
    expect(await db.canLogin(ro.data.username, ro.data.password)).toBe(true)

    // `vault lease renew -increment=30m`
    const shorter = await vault.ok<{ lease_duration: number }>('PUT', `sys/leases/renew/${ro.lease_id}`, { increment: '30m' })
    expect(shorter.lease_duration).toBe(1800)
    // Asking for a week is capped at what is left of max_ttl (24h from issue), with Vault's warning.
    const capped = await vault.ok<{ lease_duration: number; warnings: string[] }>('PUT', 'sys/leases/renew', { lease_id: ro.lease_id, increment: '168h' })
    expect(capped.lease_duration).toBe(24 * 3600 - 80 * 60)
    expect(capped.warnings).toEqual(['TTL of "168h" exceeded the effective max_ttl of "22h40m"; TTL value is capped accordingly'])
    expect(await validUntil(ro.data.username)).toBe(new Date(start + (24 * 3600 + 5) * 1000).toISOString())

    await vault.core.clock.advance('22h39m')
    expect(await db.canLogin(ro.data.username, ro.data.password)).toBe(true)
    await vault.core.clock.advance('1m')
    expect(await db.roleExists(ro.data.username)).toBe(false)
    expect((await vault.call('PUT', 'sys/leases/renew', { lease_id: ro.lease_id })).json).toEqual({ errors: ['lease not found'] })
  })

  it('step 5: revoke-prefix kills every app-readonly credential at once, and only those', async () => {
    const ro = await Promise.all([1, 2, 3].map(() => vault.ok<Creds>('GET', 'database/creds/app-readonly')))
    const rw = await vault.ok<Creds>('GET', 'database/creds/app-readwrite')
    expect((await vault.call('PUT', 'sys/leases/revoke-prefix/database/creds/app-readonly')).status).toBe(204)
    for (const c of ro) expect(await db.roleExists(c.data.username)).toBe(false)
    expect(await db.canLogin(rw.data.username, rw.data.password)).toBe(true)
    expect((await vault.call('PUT', 'sys/leases/revoke', { lease_id: rw.lease_id })).status).toBe(204)
    expect(await db.roleExists(rw.data.username)).toBe(false)
  })

  it("revoking the token that created a credential revokes the credential (the token's display name is in the username)", async () => {
    const made = await vault.ok<{ auth: { client_token: string } }>('POST', 'auth/token/create', { policies: ['root'], ttl: '8h' })
    const token = made.auth.client_token
    const viaToken = await vault.ok<Creds>('GET', 'database/creds/app-readonly', undefined, token)
    expect(viaToken.data.username).toMatch(/^v-token-app-read-/)
    expect(await db.canLogin(viaToken.data.username, viaToken.data.password)).toBe(true)
    expect((await vault.call('POST', 'auth/token/revoke', { token })).status).toBe(204)
    expect(await db.roleExists(viaToken.data.username)).toBe(false)
  })

  it('deleting the role keeps existing leases revocable with the statements copied into them', async () => {
    await vault.ok('POST', 'database/roles/short-lived', { db_name: 'production-db', creation_statements: READONLY_CREATE, revocation_statements: REVOKE_THEN_DROP, default_ttl: '10m' })
    await vault.ok('POST', 'database/config/production-db', { allowed_roles: 'app-readonly,app-readwrite,short-lived' })
    const c = await vault.ok<Creds>('GET', 'database/creds/short-lived')
    expect((await vault.call('DELETE', 'database/roles/short-lived')).status).toBe(204)
    await vault.core.clock.advance('10m')
    expect(await db.roleExists(c.data.username)).toBe(false)
  })

  it('honours username_template, password_authentication=scram-sha-256 and max_open_connections', async () => {
    await vault.ok('POST', 'database/config/tuned', {
      plugin_name: 'postgresql-database-plugin',
      connection_url: db.templatedUrl,
      username: 'postgres',
      password: db.server.password,
      allowed_roles: 'tuned-*',
      username_template: '{{ printf "app_%s_%s" (.RoleName | replace "-" "_") (random 6) | lowercase }}',
      password_authentication: 'scram-sha-256',
      max_open_connections: '1',
    })
    await vault.ok('POST', 'database/roles/tuned-ro', { db_name: 'tuned', creation_statements: READONLY_CREATE, revocation_statements: REVOKE_THEN_DROP })
    const issued = await Promise.all([1, 2, 3].map(() => vault.ok<Creds>('GET', 'database/creds/tuned-ro')))
    for (const c of issued) {
      expect(c.data.username).toMatch(/^app_tuned_ro_[0-9a-z]{6}$/)
      // The server only ever saw a SCRAM verifier, and the password logs in against it.
      expect(await db.runAs(c.data.username, c.data.password, 'SELECT count(*) FROM users')).toBe('')
    }
    const stored = await db.admin.query<{ p: string }>('SELECT rolpassword AS p FROM pg_authid WHERE rolname = $1', [issued[0]?.data.username])
    expect(stored.rows[0]?.p).toMatch(/^SCRAM-SHA-256\$4096:/)
    const sessions = await db.admin.query<{ n: string }>(`SELECT count(*) AS n FROM pg_stat_activity WHERE application_name = 'vault' AND usename = 'postgres'`)
    expect(Number(sessions.rows[0]?.n)).toBe(1)
    for (const c of issued) expect((await vault.call('PUT', 'sys/leases/revoke', { lease_id: c.lease_id })).status).toBe(204)
    expect((await vault.call('DELETE', 'database/config/tuned')).status).toBe(204)
  })

  it('runs a DO block whole and dollar-quoted bodies unsplit, in the same transaction', async () => {
    await vault.ok('POST', 'database/roles/app-readwrite', {
      creation_statements: [
        `CREATE ROLE "{{name}}" WITH LOGIN PASSWORD '{{password}}' VALID UNTIL '{{expiration}}';`,
        `DO $$ BEGIN EXECUTE format('GRANT SELECT, INSERT ON users TO %I', '{{name}}'); END $$;`,
        `GRANT USAGE ON SEQUENCE users_id_seq TO "{{name}}"; COMMENT ON ROLE "{{name}}" IS $c$issued; by the emulator$c$;`,
      ],
    })
    const c = await vault.ok<Creds>('GET', 'database/creds/app-readwrite')
    expect(await db.runAs(c.data.username, c.data.password, `INSERT INTO users (name) VALUES ('via DO block')`)).toBe('')
    const comment = await db.admin.query<{ d: string }>(`SELECT shobj_description(oid, 'pg_authid') AS d FROM pg_roles WHERE rolname = $1`, [c.data.username])
    expect(comment.rows[0]?.d).toBe('issued; by the emulator')
    expect((await vault.call('PUT', 'sys/leases/revoke', { lease_id: c.lease_id })).status).toBe(204)
  })

  it('closes its pools when the mount is disabled, after revoking what it issued', async () => {
    const c = await vault.ok<Creds>('GET', 'database/creds/app-readonly')
    expect(await db.vaultSessions()).toBeGreaterThan(0)
    expect((await vault.call('DELETE', 'sys/mounts/database')).status).toBe(204)
    expect(await db.roleExists(c.data.username)).toBe(false)
    expect(await db.vaultSessions({ settle: true })).toBe(0)
  })
})

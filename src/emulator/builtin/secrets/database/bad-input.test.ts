// Mistakes a developer makes, answered with Vault's status and text, never with a password in it,
// and never leaving a half-made user in the database.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { connectionConfig, createVaultAdmin, startDatabase, startEmulator } from './test-harness.js'
import type { Database, Emulator } from './test-harness.js'

const ADMIN_PASSWORD = 'Adm1n-pw-for-bad-input'
const CREATE = `CREATE ROLE "{{name}}" WITH LOGIN PASSWORD '{{password}}' VALID UNTIL '{{expiration}}';`

let db: Database
let vault: Emulator

function errorsOf(reply: { json: unknown }): string[] {
  return (reply.json as { errors: string[] }).errors
}

beforeAll(async () => {
  db = await startDatabase()
  await createVaultAdmin(db, 'vault_admin', ADMIN_PASSWORD)
  vault = await startEmulator()
  await vault.ok('POST', 'sys/mounts/database', { type: 'database' })
  await vault.ok('POST', 'database/config/good', connectionConfig(db, 'vault_admin', ADMIN_PASSWORD, { allowed_roles: ['ok-*', 'broken', 'near-password', 'capped'] }))
})

afterAll(async () => {
  await vault?.core.stop()
  expect(await db.dynamicUsers()).toEqual([])
  expect(await db.vaultSessions({ settle: true })).toBe(0)
  await db?.stop()
})

describe('bad input', () => {
  it('an unknown plugin is 400 with the plugin catalog error', async () => {
    const reply = await vault.call('POST', 'database/config/mysql', { ...connectionConfig(db, 'vault_admin', ADMIN_PASSWORD), plugin_name: 'mysql-database-plugin' })
    expect(reply.status).toBe(400)
    expect(errorsOf(reply)).toEqual([
      'error creating database object: invalid database version: 2 errors occurred:\n\t* plugin not found in the catalog: mysql-database-plugin\n\t* plugin not found in the catalog: mysql-database-plugin\n\n',
    ])
    const missing = await vault.call('POST', 'database/config/none', { connection_url: db.templatedUrl })
    expect(missing.status).toBe(400)
    expect(errorsOf(missing)).toEqual(['empty plugin name'])
    const noUrl = await vault.call('POST', 'database/config/nourl', { plugin_name: 'postgresql-database-plugin' })
    expect(errorsOf(noUrl)).toEqual(['error creating database object: connection_url cannot be empty'])
  })

  it('an unreachable host is 400 with the driver error; nothing is saved', async () => {
    const reply = await vault.call('POST', 'database/config/nowhere', {
      ...connectionConfig(db, 'vault_admin', ADMIN_PASSWORD),
      connection_url: 'postgresql://{{username}}:{{password}}@127.0.0.1:1/postgres?sslmode=disable',
    })
    expect(reply.status).toBe(400)
    expect(errorsOf(reply)).toEqual([
      'error creating database object: error verifying connection: failed to connect to `user=vault_admin database=postgres`: 127.0.0.1:1 (127.0.0.1): dial error: dial tcp 127.0.0.1:1: connect: connection refused',
    ])
    expect((await vault.call('GET', 'database/config/nowhere')).status).toBe(404)
    // verify_connection=false saves it; the first use then fails on the driver error (500).
    await vault.ok('POST', 'database/config/nowhere', {
      ...connectionConfig(db, 'vault_admin', ADMIN_PASSWORD, { allowed_roles: '*', verify_connection: false }),
      connection_url: 'postgresql://{{username}}:{{password}}@127.0.0.1:1/postgres?sslmode=disable',
    })
    await vault.ok('POST', 'database/roles/ok-nowhere', { db_name: 'nowhere', creation_statements: CREATE })
    const creds = await vault.call('GET', 'database/creds/ok-nowhere')
    expect(creds.status).toBe(500)
    expect(errorsOf(creds)[0]).toBe(
      '1 error occurred:\n\t* unable to start transaction: failed to connect to `user=vault_admin database=postgres`: 127.0.0.1:1 (127.0.0.1): dial error: dial tcp 127.0.0.1:1: connect: connection refused\n\n',
    )
  })

  it('a wrong admin password is 400 with the server error, without the password', async () => {
    const wrong = 'Wr0ng-password-typed'
    const reply = await vault.call('POST', 'database/config/wrongpw', connectionConfig(db, 'vault_admin', wrong))
    expect(reply.status).toBe(400)
    expect(errorsOf(reply)).toEqual([
      `error creating database object: error verifying connection: failed to connect to \`user=vault_admin database=${db.server.database}\`: ${db.server.host}:${db.server.port} (${db.server.host}): server error: FATAL: password authentication failed for user "vault_admin" (SQLSTATE 28P01)`,
    ])
    expect(JSON.stringify(reply.json)).not.toContain(wrong)
    // A literal password in the URL is masked in errors and reads, and earns Vault's warning.
    const literal = await vault.call('POST', 'database/config/literal', {
      plugin_name: 'postgresql-database-plugin',
      connection_url: `postgresql://vault_admin:${wrong}@127.0.0.1:1/postgres`,
    })
    expect(JSON.stringify(literal.json)).not.toContain(wrong)
    expect(errorsOf(literal)[0]).toContain('error verifying connection: failed to connect')
    const saved = await vault.call('POST', 'database/config/literal', {
      plugin_name: 'postgresql-database-plugin',
      connection_url: `postgresql://vault_admin:${ADMIN_PASSWORD}@${db.server.host}:${db.server.port}/${db.server.database}?sslmode=disable`,
    })
    expect(saved.status).toBe(200)
    expect((saved.json as { warnings: string[] }).warnings).toEqual([
      'Password found in connection_url, use a templated url to enable root rotation and prevent read access to password information.',
    ])
    const read = await vault.ok('GET', 'database/config/literal')
    expect(JSON.stringify(read)).not.toContain(ADMIN_PASSWORD)
    expect(JSON.stringify(read)).toContain(`postgresql://vault_admin:xxxxx@${db.server.host}`)
    expect((await vault.call('DELETE', 'database/config/literal')).status).toBe(204)
  })

  it('a SQL syntax error in creation_statements is 500 "failed to execute query", and the CREATE ROLE before it is rolled back', async () => {
    await vault.ok('POST', 'database/roles/broken', { db_name: 'good', creation_statements: [CREATE, 'GRANT SELECT ON ALL TABLES IN SCHEMA public TOO "{{name}}";'] })
    const reply = await vault.call('GET', 'database/creds/broken')
    expect(reply.status).toBe(500)
    expect(errorsOf(reply)).toEqual(['1 error occurred:\n\t* failed to execute query: ERROR: syntax error at or near "TOO" (SQLSTATE 42601)\n\n'])
    expect(await db.dynamicUsers()).toEqual([])
    // No lease either.
    expect((await vault.call('LIST', 'sys/leases/lookup/')).status).toBe(404)
  })

  it('an error that quotes the generated password does not leak it', async () => {
    // PostgreSQL echoes the value it could not use: here, the whole password.
    await vault.ok('POST', 'database/roles/near-password', { db_name: 'good', creation_statements: [CREATE, `SELECT '{{password}}'::int;`] })
    const reply = await vault.call('GET', 'database/creds/near-password')
    expect(reply.status).toBe(500)
    expect(errorsOf(reply)).toEqual(['1 error occurred:\n\t* failed to execute query: ERROR: invalid input syntax for type integer: "[password]" (SQLSTATE 22P02)\n\n'])
    expect(await db.dynamicUsers()).toEqual([])
  })

  it('an unknown role is 400; a role outside allowed_roles is a 500 multierror', async () => {
    expect((await vault.call('GET', 'database/creds/nope')).json).toEqual({ errors: ['unknown role: nope'] })
    await vault.ok('POST', 'database/roles/other', { db_name: 'good', creation_statements: CREATE })
    const reply = await vault.call('GET', 'database/creds/other')
    expect(reply.status).toBe(500)
    expect(reply.json).toEqual({ errors: ['1 error occurred:\n\t* "other" is not an allowed role\n\n'] })
    await vault.ok('POST', 'database/roles/lost', { db_name: 'missing', creation_statements: CREATE })
    expect((await vault.call('GET', 'database/creds/lost')).json).toEqual({ errors: ['1 error occurred:\n\t* failed to find entry for connection with name: "missing"\n\n'] })
    expect((await vault.call('POST', 'database/roles/nodb', { creation_statements: CREATE })).json).toEqual({ errors: ['database name is required'] })
    expect((await vault.call('POST', 'database/roles/ok-x', { db_name: 'good', credential_type: 'kerberos' })).json).toEqual({ errors: ['invalid credential_type "kerberos"'] })
  })

  it('default_ttl greater than max_ttl is stored as Vault stores it; credentials are capped at max_ttl with its warning', async () => {
    const written = await vault.call('POST', 'database/roles/capped', { db_name: 'good', creation_statements: CREATE, default_ttl: '2h', max_ttl: '1h' })
    expect(written.status).toBe(204)
    const creds = await vault.ok<{ lease_id: string; lease_duration: number; warnings: string[] }>('GET', 'database/creds/capped')
    expect(creds.lease_duration).toBe(3600)
    expect(creds.warnings).toEqual(['TTL of "2h" exceeded the effective max_ttl of "1h"; TTL value is capped accordingly'])
    expect((await vault.call('PUT', 'sys/leases/revoke', { lease_id: creds.lease_id })).status).toBe(204)
  })

  it('bad connection settings and username templates are refused with the plugin text', async () => {
    const base = connectionConfig(db, 'vault_admin', ADMIN_PASSWORD)
    expect(errorsOf(await vault.call('POST', 'database/config/t1', { ...base, username_template: '{{ nope }}' }))).toEqual([
      'error creating database object: unable to initialize username template: unable to parse template: template: template:1: function "nope" not defined',
    ])
    expect(errorsOf(await vault.call('POST', 'database/config/t2', { ...base, username_template: '{{ .RoleName | truncate 0 }}' }))).toEqual([
      'error creating database object: invalid username template: unable to apply template: template: template:1: executing "template": error calling truncate: max length must be > 0 but was 0',
    ])
    expect(errorsOf(await vault.call('POST', 'database/config/t3', { ...base, password_authentication: 'md5' }))).toEqual([
      "error creating database object: 'md5' is not a valid password authentication type",
    ])
    expect(errorsOf(await vault.call('POST', 'database/config/t4', { ...base, username: '{{password}}' }))).toEqual([
      'error creating database object: username and/or password cannot contain the template variables',
    ])
  })

  it('a failing rotate-root is 500 without either password, and the old one keeps working', async () => {
    await vault.ok('POST', 'database/config/rot', connectionConfig(db, 'vault_admin', ADMIN_PASSWORD, { root_rotation_statements: [`ALTER ROLE "{{username}}" WITH PASSWORD {{password}}`] }))
    const reply = await vault.call('POST', 'database/rotate-root/rot')
    expect(reply.status).toBe(500)
    expect(errorsOf(reply)[0]).toMatch(/^1 error occurred:\n\t\* failed to update user: failed to execute query: ERROR: .* \(SQLSTATE 42601\)\n\n$/)
    expect(JSON.stringify(reply.json)).not.toContain(ADMIN_PASSWORD)
    expect(await db.canLogin('vault_admin', ADMIN_PASSWORD)).toBe(true)
    expect((await vault.call('POST', 'database/rotate-root/absent')).json).toEqual({ errors: ['1 error occurred:\n\t* failed to find entry for connection with name: "absent"\n\n'] })
  })

  it('reset closes and reopens the pool; delete closes it; LIST shows what is configured', async () => {
    await vault.ok('POST', 'database/roles/ok-reset', { db_name: 'good', creation_statements: CREATE })
    const before = await vault.ok<{ lease_id: string }>('GET', 'database/creds/ok-reset')
    expect((await vault.call('POST', 'database/reset/good')).status).toBe(204)
    expect((await vault.call('PUT', 'sys/leases/revoke', { lease_id: before.lease_id })).status).toBe(204)
    expect((await vault.ok<{ data: { keys: string[] } }>('LIST', 'database/config')).data.keys).toEqual(['good', 'nowhere', 'rot'])
    expect((await vault.call('POST', 'database/reset/absent')).json).toEqual({ errors: ['1 error occurred:\n\t* failed to find entry for connection with name: "absent"\n\n'] })
    for (const name of ['good', 'nowhere', 'rot']) expect((await vault.call('DELETE', `database/config/${name}`)).status).toBe(204)
    expect(await db.vaultSessions({ settle: true })).toBe(0)
    expect((await vault.call('LIST', 'database/config')).status).toBe(404)
  })
})

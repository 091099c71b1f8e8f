/**
 * Checks against the real PostgreSQL the emulator started: does a dynamic
 * credential log in, what may its role do. Failures say what PostgreSQL holds
 * (role gone, expired VALID UNTIL, the privileges it has).
 *
 * @example
 * const creds = (await vault.request('GET', 'database/creds/readonly')).json
 * ;(await checkLogsInToPostgres(vault, creds)).pass // true
 */
import type pg from 'pg'
import type { VaultEmulator } from '../emulator/emulator.js'
import type { RunningPostgres } from '../fixtures/postgres/index.js'
import { VaultAssertionError } from './verdict.js'
import type { Verdict } from './verdict.js'

/**
 * A username and password, or a Vault `database/creds/<role>` reply body (`{ data: { username, password } }`).
 *
 * @example
 * const creds: PostgresCredentials = (await vault.request('GET', 'database/creds/readonly')).json as PostgresCredentials
 */
export type PostgresCredentials = { username: string; password: string } | { data: { username: string; password: string } }

/**
 * The username and password of {@link PostgresCredentials}.
 *
 * @example
 * plainCredentials({ data: { username: 'v-app', password: 'pw' } }) // { username: 'v-app', password: 'pw' }
 */
export function plainCredentials(creds: PostgresCredentials): { username: string; password: string } {
  const flat = 'data' in creds ? creds.data : creds
  if (typeof flat?.username !== 'string' || typeof flat.password !== 'string') {
    throw new VaultAssertionError('expected PostgreSQL credentials: { username, password } or a database/creds reply with data.username and data.password')
  }
  return { username: flat.username, password: flat.password }
}

function server(vault: VaultEmulator): RunningPostgres {
  if (!vault.postgres) throw new VaultAssertionError("the emulator started no PostgreSQL: create it with { postgres: 'embedded' } (or 'auto', or { url })")
  return vault.postgres
}

async function asAdmin<T>(vault: VaultEmulator, work: (admin: pg.Client) => Promise<T>): Promise<T> {
  const admin = await server(vault).connect()
  try {
    return await work(admin)
  } finally {
    await admin.end()
  }
}

/** What PostgreSQL holds about a role, to follow "but". */
async function roleState(vault: VaultEmulator, user: string): Promise<string> {
  const row = await asAdmin(vault, async (admin) => (await admin.query<{ v: Date | null; login: boolean }>('SELECT rolvaliduntil AS v, rolcanlogin AS login FROM pg_roles WHERE rolname = $1', [user])).rows[0])
  if (!row) return `role "${user}" does not exist (dropped when its lease was revoked or expired, or never created)`
  if (!row.login) return `role "${user}" exists but has NOLOGIN`
  if (row.v && row.v.getTime() <= Date.now()) return `role "${user}" exists but its VALID UNTIL (${row.v.toISOString()}) has passed`
  return `role "${user}" exists${row.v ? `, valid until ${row.v.toISOString()}` : ''}`
}

/**
 * Whether the credentials open a session on the emulator's PostgreSQL.
 *
 * @example
 * (await checkLogsInToPostgres(vault, creds)).pass
 */
export async function checkLogsInToPostgres(vault: VaultEmulator, creds: PostgresCredentials): Promise<Verdict> {
  const { username, password } = plainCredentials(creds)
  const expected = `"${username}" to log in to PostgreSQL`
  const expectedNot = `"${username}" not to log in to PostgreSQL`
  try {
    const client = await server(vault).connectAs(username, password)
    await client.end()
    return { pass: true, expected, expectedNot, actual: `it logged in (${await roleState(vault, username)})` }
  } catch (err) {
    if (err instanceof VaultAssertionError) throw err
    const reason = err instanceof Error ? err.message : String(err)
    return { pass: false, expected, expectedNot, actual: `PostgreSQL refused it (${reason}); ${await roleState(vault, username)}` }
  }
}

/**
 * Whether the role of `creds` (or the role named `creds`) holds `privilege` on `table`.
 *
 * @example
 * (await checkHasPrivilege(vault, creds, 'INSERT', 'users')).actual // 'it holds SELECT on users'
 */
export async function checkHasPrivilege(vault: VaultEmulator, creds: PostgresCredentials | string, privilege: string, table: string): Promise<Verdict> {
  const username = typeof creds === 'string' ? creds : plainCredentials(creds).username
  const want = privilege.toUpperCase()
  const expected = `"${username}" to have ${want} on ${table}`
  const expectedNot = `"${username}" not to have ${want} on ${table}`
  return asAdmin(vault, async (admin) => {
    const exists = (await admin.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [username])).rowCount === 1
    if (!exists) return { pass: false, expected, expectedNot, actual: await roleState(vault, username) }
    const has = await admin.query<{ ok: boolean }>('SELECT has_table_privilege($1, $2, $3) AS ok', [username, table, want]).catch((err: unknown) => err as Error)
    if (has instanceof Error) return { pass: false, expected, expectedNot, actual: `PostgreSQL could not tell: ${has.message}` }
    const held = (await admin.query<{ p: string }>(`SELECT privilege_type AS p FROM information_schema.role_table_grants WHERE grantee = $1 AND table_name = $2 ORDER BY 1`, [username, table.replace(/^.*\./, '')])).rows.map((r) => r.p)
    const actual = `it holds ${held.length === 0 ? 'no privileges' : held.join(', ')} on ${table}`
    return { pass: has.rows[0]?.ok === true, expected, expectedNot, actual }
  })
}

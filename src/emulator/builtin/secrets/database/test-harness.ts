/**
 * What the database engine's tests share: a real PostgreSQL (embedded, with
 * scram password logins) and an emulator core on a frozen clock, called
 * through the HTTP translation as clients call it. Not a test file itself.
 */
import type pg from 'pg'
import { Core } from '../../../core/core.js'
import { callVault } from '../../../transport/in-process.js'
import type { CallResult } from '../../../transport/in-process.js'
import { startPostgres } from '../../../../fixtures/postgres/index.js'
import type { RunningPostgres } from '../../../../fixtures/postgres/index.js'

/** Far enough ahead of real time that `VALID UNTIL` from the virtual clock is in PostgreSQL's future. */
export const CLOCK_START = '2030-01-01T00:00:00Z'

export interface Emulator {
  core: Core
  /** Messages the core logged (failed revocations...). */
  logs: string[]
  call(method: string, path: string, data?: unknown, token?: string): Promise<CallResult>
  /** A call that must succeed; returns the JSON body (undefined for 204). */
  ok<T = Record<string, unknown>>(method: string, path: string, data?: unknown, token?: string): Promise<T>
}

export async function startEmulator(): Promise<Emulator> {
  const logs: string[] = []
  const core = await Core.create({ clock: { mode: 'frozen', start: CLOCK_START }, log: (m) => void logs.push(m) })
  const call = (method: string, path: string, data?: unknown, token = 'root'): Promise<CallResult> =>
    callVault(core, method, path, { token, ...(data === undefined ? {} : { data }) })
  const ok = async <T,>(method: string, path: string, data?: unknown, token?: string): Promise<T> => {
    const reply = await call(method, path, data, token)
    if (reply.status >= 300) throw new Error(`${method} ${path}: ${reply.status} ${JSON.stringify(reply.json)}`)
    return reply.json as T
  }
  return { core, logs, call, ok }
}

export interface Database {
  server: RunningPostgres
  /** The provider's superuser, for setting up and inspecting. */
  admin: pg.Client
  /** `postgresql://{{username}}:{{password}}@host:port/db?sslmode=disable` */
  templatedUrl: string
  /** Dynamic users (`v-...`) currently in the cluster. */
  dynamicUsers(): Promise<string[]>
  roleExists(name: string): Promise<boolean>
  /** Whether `user`/`password` can log in; rejects for anything but an auth failure. */
  canLogin(user: string, password: string): Promise<boolean>
  /** Run `sql` as `user`; resolves to the error text, or '' on success. */
  runAs(user: string, password: string, sql: string): Promise<string>
  /**
   * Sessions the engine's pools hold (application_name `vault`). With `settle`, waits
   * (up to 2 s) for closed sessions to leave: a backend exits just after its client hangs up.
   */
  vaultSessions(options?: { settle?: boolean }): Promise<number>
  stop(): Promise<void>
}

export async function startDatabase(): Promise<Database> {
  const server = await startPostgres({ mode: 'embedded' })
  if (!server) throw new Error('no PostgreSQL')
  const admin = await server.connect()
  const canLogin = async (user: string, password: string): Promise<boolean> => {
    try {
      const client = await server.connectAs(user, password)
      await client.end()
      return true
    } catch (err) {
      const code = (err as { code?: string }).code
      if (code === '28P01' || code === '28000') return false
      throw err
    }
  }
  return {
    server,
    admin,
    templatedUrl: `postgresql://{{username}}:{{password}}@${server.host}:${server.port}/${server.database}?sslmode=disable`,
    dynamicUsers: async () => (await admin.query<{ rolname: string }>(`SELECT rolname FROM pg_roles WHERE rolname LIKE 'v-%' ORDER BY 1`)).rows.map((r) => r.rolname),
    roleExists: async (name) => (await admin.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [name])).rowCount === 1,
    canLogin,
    runAs: async (user, password, sql) => {
      const client = await server.connectAs(user, password)
      try {
        await client.query(sql)
        return ''
      } catch (err) {
        return err instanceof Error ? err.message : String(err)
      } finally {
        await client.end()
      }
    },
    vaultSessions: async (options = {}) => {
      const count = async (): Promise<number> =>
        Number((await admin.query<{ n: string }>(`SELECT count(*) AS n FROM pg_stat_activity WHERE application_name = 'vault'`)).rows[0]?.n ?? 0)
      let n = await count()
      for (let i = 0; options.settle && n > 0 && i < 100; i++) {
        await new Promise((r) => setTimeout(r, 20))
        n = await count()
      }
      return n
    },
    stop: async () => {
      await admin.end()
      await server.stop()
    },
  }
}

/** Lesson Part 7, step 1: a non-superuser that may create roles, run as the provider's admin. */
export async function createVaultAdmin(db: Database, name: string, password: string): Promise<void> {
  await db.admin.query(`CREATE ROLE ${name} WITH LOGIN PASSWORD '${password}' CREATEROLE; GRANT ALL ON SCHEMA public TO ${name};`)
}

/** The `config/<name>` body for an admin of the test cluster. */
export function connectionConfig(db: Database, username: string, password: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    plugin_name: 'postgresql-database-plugin',
    connection_url: db.templatedUrl,
    username,
    password,
    ...extra,
  }
}

// The database secrets engine against a real (embedded) PostgreSQL, in-process:
// - credsPerSecond: `database/creds/<role>` answered per second (each one a new PostgreSQL user);
// - expire1000Seconds: wall time for one `clock.advance` to expire 1,000 leases and drop their users.
// Needs the build (`npm run build`). Run alone with `node bench/database.mjs`.
import { Core } from '../dist/emulator/core/core.js'
import { callVault } from '../dist/emulator/transport/in-process.js'
import { startPostgres } from '../dist/fixtures/postgres/index.js'

const CREDS = Number(process.env.BENCH_DB_CREDS ?? 1000)
const CONCURRENCY = Number(process.env.BENCH_DB_CONCURRENCY ?? 8)

async function call(core, method, path, data) {
  const reply = await callVault(core, method, path, { token: 'root', ...(data === undefined ? {} : { data }) })
  if (reply.status >= 300) throw new Error(`${method} ${path}: ${reply.status} ${JSON.stringify(reply.json)}`)
  return reply.json
}

async function dynamicUsers(admin) {
  return Number((await admin.query(`SELECT count(*) AS n FROM pg_roles WHERE rolname LIKE 'v-%'`)).rows[0].n)
}

export async function databaseBench() {
  const server = await startPostgres({ mode: 'embedded' })
  const admin = await server.connect()
  // The frozen clock starts ahead of real time so that VALID UNTIL lies in PostgreSQL's future.
  const core = await Core.create({ clock: { mode: 'frozen', start: '2030-01-01T00:00:00Z' }, log: () => {} })
  try {
    await admin.query(`CREATE ROLE vault_admin WITH LOGIN PASSWORD 'bench-admin' CREATEROLE; GRANT ALL ON SCHEMA public TO vault_admin`)
    await admin.query(`CREATE TABLE users (id int, name text); GRANT SELECT ON users TO vault_admin WITH GRANT OPTION`)
    await call(core, 'POST', 'sys/mounts/database', { type: 'database' })
    await call(core, 'POST', 'database/config/bench', {
      plugin_name: 'postgresql-database-plugin',
      connection_url: `postgresql://{{username}}:{{password}}@${server.host}:${server.port}/${server.database}?sslmode=disable`,
      username: 'vault_admin',
      password: 'bench-admin',
      allowed_roles: '*',
    })
    await call(core, 'POST', 'database/roles/readonly', {
      db_name: 'bench',
      creation_statements: `CREATE ROLE "{{name}}" WITH LOGIN PASSWORD '{{password}}' VALID UNTIL '{{expiration}}'; GRANT SELECT ON ALL TABLES IN SCHEMA public TO "{{name}}";`,
      revocation_statements: `REVOKE ALL ON ALL TABLES IN SCHEMA public FROM "{{name}}"; DROP ROLE IF EXISTS "{{name}}";`,
      default_ttl: '1h',
    })
    const warm = await call(core, 'GET', 'database/creds/readonly') // warm-up: opens the pool
    await call(core, 'PUT', 'sys/leases/revoke', { lease_id: warm.lease_id })

    let issued = 0
    const began = performance.now()
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (issued < CREDS) {
          issued++
          await call(core, 'GET', 'database/creds/readonly')
        }
      }),
    )
    const credsPerSecond = CREDS / ((performance.now() - began) / 1000)
    const before = await dynamicUsers(admin)
    if (before !== CREDS) throw new Error(`expected ${CREDS} users, found ${before}`)

    const expiryBegan = performance.now()
    const report = await core.clock.advance('1h')
    const expire1000Seconds = (performance.now() - expiryBegan) / 1000
    const left = await dynamicUsers(admin)
    const expired = report.events.filter((e) => e.kind === 'expired').length
    if (left !== 0 || expired !== CREDS) throw new Error(`after expiry: ${left} users left, ${expired} leases expired`)
    return { credsPerSecond: Math.round(credsPerSecond), expire1000Seconds: Number(expire1000Seconds.toFixed(2)) }
  } finally {
    await core.stop()
    await admin.end()
    await server.stop()
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(await databaseBench())
}

/**
 * The proof: an agent (AppRole, file sink, a template on
 * database/creds/app-readonly) against the emulator over HTTP with the
 * database engine on a real password-auth PostgreSQL. Every "works" and
 * "dead" below is a PostgreSQL login.
 */
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseAgentConfig, startAgent } from './index.js'
import type { RunningAgent } from './index.js'
import { appRoleConfig, startAgentWorld } from './agent-harness.js'
import type { AgentWorld } from './agent-harness.js'
import { connectionConfig, createVaultAdmin, startDatabase } from '../emulator/builtin/secrets/database/test-harness.js'
import type { Database } from '../emulator/builtin/secrets/database/test-harness.js'

const READONLY_CREATE = `CREATE ROLE "{{name}}" WITH LOGIN PASSWORD '{{password}}' VALID UNTIL '{{expiration}}'; GRANT SELECT ON ALL TABLES IN SCHEMA public TO "{{name}}";`
const REVOKE_THEN_DROP = `REVOKE ALL ON ALL TABLES IN SCHEMA public FROM "{{name}}"; DROP ROLE IF EXISTS "{{name}}";`

let db: Database
let world: AgentWorld
let agent: RunningAgent
let envFile: string
let marker: string
const logLines: string[] = []

interface Creds {
  user: string
  password: string
}

async function renderedCreds(): Promise<Creds> {
  const text = await readFile(envFile, 'utf8')
  const m = /^DB_USER=(.+)\nDB_PASSWORD=(.+)\n$/.exec(text)
  if (!m) throw new Error(`unexpected database.env: ${text.length} characters`)
  return { user: m[1]!, password: m[2]! }
}

async function works(c: Creds): Promise<boolean> {
  if (!(await db.canLogin(c.user, c.password))) return false
  expect(await db.runAs(c.user, c.password, 'SELECT count(*) FROM users')).toBe('')
  return true
}

const markerLines = async (): Promise<number> => (await readFile(marker, 'utf8').catch(() => '')).split('\n').filter(Boolean).length

beforeAll(async () => {
  db = await startDatabase()
  await createVaultAdmin(db, 'vault_admin', 'vault-managed-2026')
  await db.admin.query('CREATE TABLE users (id serial PRIMARY KEY, name text NOT NULL)')
  await db.admin.query('GRANT SELECT ON ALL TABLES IN SCHEMA public TO vault_admin WITH GRANT OPTION')
  // A long-lived agent token: what expires here is the database lease.
  world = await startAgentWorld({ policy: 'path "database/creds/app-readonly" { capabilities = ["read"] }', tokenTtl: '24h' })
  await world.ok('POST', 'sys/mounts/database', { type: 'database' })
  await world.ok('POST', 'database/config/production-db', connectionConfig(db, 'vault_admin', 'vault-managed-2026', { allowed_roles: 'app-readonly' }))
  await world.ok('POST', 'database/roles/app-readonly', { db_name: 'production-db', creation_statements: READONLY_CREATE, revocation_statements: REVOKE_THEN_DROP, default_ttl: '1h', max_ttl: '2h' })
  envFile = join(world.dir, 'database.env')
  marker = join(world.dir, 'restarts')
  const config = await parseAgentConfig(
    appRoleConfig(
      world,
      `template {
  contents = <<EOT
{{ with secret "database/creds/app-readonly" -}}
DB_USER={{ .Data.username }}
DB_PASSWORD={{ .Data.password }}
{{ end -}}
EOT
  destination = "${envFile}"
  perms = "0600"
  command = "echo restarted >> ${marker}"
}`,
    ),
    'agent.hcl',
  )
  agent = await startAgent(config, { log: (line) => void logLines.push(line) })
  await agent.waitFor((e) => e.type === 'command', 20_000)
}, 120_000)

afterAll(async () => {
  await agent?.stop()
  await world?.stop()
  await db?.stop()
})

describe('vault-emu agent with dynamic PostgreSQL credentials', () => {
  let first: Creds

  it('renders database.env with credentials that log in, and ran the command', async () => {
    first = await renderedCreds()
    expect(first.user).toMatch(/^v-approle-app-read/)
    expect(await works(first)).toBe(true)
    expect(await markerLines()).toBe(1)
  })

  it('renews the lease at 2/3 of its TTL on the virtual clock: file unchanged, no command', async () => {
    const before = agent.events.length
    await world.vault.clock.advance('40m')
    const renewed = await agent.waitFor((e, i) => i >= before && e.type === 'renew')
    expect(renewed).toMatchObject({ detail: 'database/creds/app-readonly, ttl 3600s', at: new Date('2030-01-01T00:40:00Z') })
    expect(await renderedCreds()).toEqual(first)
    expect(await markerLines()).toBe(1)
  })

  it('when the max TTL caps a renewal, fetches new credentials before the old ones end', async () => {
    let before = agent.events.length
    await world.vault.clock.advance('40m') // 1h20m: 40m are left before the 2h max TTL
    expect((await agent.waitFor((e, i) => i >= before && e.type === 'renew')).detail).toBe('database/creds/app-readonly, ttl 2400s')
    before = agent.events.length
    await world.vault.clock.advance('27m') // past 2/3 of those 40m
    await agent.waitFor((e, i) => i >= before && e.type === 'command')
    const second = await renderedCreds()
    expect(second.user).not.toBe(first.user)
    expect(await works(second)).toBe(true)
    expect(await markerLines()).toBe(2)
    // The old lease runs to its max TTL (2h), then the emulator revokes it.
    expect(await works(first)).toBe(true)
    await world.vault.clock.advance('14m')
    expect(await db.canLogin(first.user, first.password)).toBe(false)
    expect(await works(second)).toBe(true)
    first = second
  })

  it('after a jump past the max TTL, the refused renewal makes it fetch new working credentials and run the command', async () => {
    const before = agent.events.length
    await world.vault.clock.advance('3h')
    await agent.waitFor((e, i) => i >= before && e.type === 'command')
    const types = agent.events.slice(before).map((e) => e.type)
    expect(types).toContain('renew-failed')
    expect(types).not.toContain('auth')
    const third = await renderedCreds()
    expect(third.user).not.toBe(first.user)
    expect(await works(third)).toBe(true)
    expect(await db.canLogin(first.user, first.password)).toBe(false)
    expect(await markerLines()).toBe(3)
  })

  it('logged every step without a password or the token', async () => {
    const log = logLines.join('\n')
    expect(log).toMatch(/\[INFO\]  template\.server: rendered template: dest=.*database\.env/)
    expect(log).toContain('lifetime.watcher: renewed: database/creds/app-readonly, ttl 3600s')
    expect(log).not.toContain((await renderedCreds()).password)
    expect(log).not.toContain(first.password)
    expect(log).not.toContain(await readFile(join(world.dir, 'token'), 'utf8'))
  })
})

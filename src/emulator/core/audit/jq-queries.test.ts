/**
 * The lesson's Part 11 queries, run with the real `jq` over a file device's
 * log (a KV path stands in for database/creds/app-readonly).
 */
import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Core } from '../core.js'
import { callVault } from '../../transport/in-process.js'

const JQ = '/usr/bin/jq'
let core: Core
let dir: string
let log: string
let accessor: string

function jq(...args: string[]): string {
  return execFileSync(JQ, [...args, log], { encoding: 'utf8' })
}

beforeAll(async () => {
  core = await Core.create({ clock: { mode: 'frozen', start: '2030-01-01T12:00:00Z' } })
  dir = mkdtempSync(join(tmpdir(), 'vault-emu-jq-'))
  log = join(dir, 'audit.log')
  const call = (method: string, path: string, data?: unknown, token = 'root') => callVault(core, method, path, { token, data, remoteAddress: '10.0.0.7' })
  expect((await call('PUT', 'sys/audit/file', { type: 'file', options: { file_path: log } })).status).toBe(204)
  await call('PUT', 'secret/data/app-readonly', { data: { username: 'app', password: 'pw' } })
  await core.policies.set('app', 'path "secret/data/app-readonly" { capabilities = ["read"] }')
  const app = core.tokens.create({ policies: ['app'], path: 'auth/token/create', displayName: 'token', ttl: 3600, mountMaxTtl: 2764800 })
  accessor = app.accessor
  await core.clock.advance('1m')
  expect((await call('GET', 'secret/data/app-readonly', undefined, app.id)).status).toBe(200)
  expect((await call('GET', 'secret/data/admin', undefined, app.id)).status).toBe(403)
})

afterAll(async () => {
  await core.stop()
  rmSync(dir, { recursive: true, force: true })
})

describe.skipIf(!existsSync(JQ))('the lesson jq queries over the audit log', () => {
  it("who's been reading the credentials", () => {
    const out = jq('-c', 'select(.request.path == "secret/data/app-readonly") | {time: .time, remote: .request.remote_address, accessor: .auth.accessor}')
    const rows = out.trim().split('\n').map((line) => JSON.parse(line) as { time: string; remote: string; accessor: string })
    // The root write (request + response) and the app token's read (request + response).
    expect(rows).toHaveLength(4)
    expect(rows.every((r) => r.remote === '10.0.0.7')).toBe(true)
    const reads = rows.slice(2)
    expect(reads.map((r) => r.time)).toEqual(['2030-01-01T12:01:00Z', '2030-01-01T12:01:00Z'])
    // The accessor is HMAC'd: audit-hash turns the accessor one suspects into what the log holds.
    expect(reads.map((r) => r.accessor)).toEqual([core.audit.hash('file', accessor), core.audit.hash('file', accessor)])
  })

  it('counts requests per path', () => {
    const out = execFileSync('sh', ['-c', `cat "${log}" | ${JQ} -r '.request.path' | sort | uniq -c | sort -rn | head -10`], { encoding: 'utf8' })
    const counts = Object.fromEntries(out.trim().split('\n').map((line) => {
      const [count, path] = line.trim().split(/\s+/)
      return [path, Number(count)]
    }))
    expect(counts).toEqual({ 'secret/data/app-readonly': 4, 'secret/data/admin': 2, 'sys/audit/test': 1, 'sys/audit/file': 1 })
  })

  it('finds permission denied events', () => {
    const out = jq('-c', 'select(.response.data.error != null) | {time: .time, path: .request.path, error: .response.data.error}')
    const rows = out.trim().split('\n').map((line) => JSON.parse(line) as { path: string; error: string })
    expect(rows).toEqual([{ time: '2030-01-01T12:01:00Z', path: 'secret/data/admin', error: core.audit.hash('file', 'permission denied') }])
  })
})

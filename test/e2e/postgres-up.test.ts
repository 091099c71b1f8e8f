/** `vault-emu up --postgres embedded`: a real PostgreSQL next to the emulator, gone when it stops. */
import { tmpdir } from 'node:os'
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import pg from 'pg'
import { describe, expect, it } from 'vitest'

const BIN = fileURLToPath(new URL('../../bin/vault-emu.js', import.meta.url))

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

describe('vault-emu up --postgres embedded', () => {
  it('starts PostgreSQL with progress, serves its admin URL to root, and removes it on SIGTERM', async () => {
    const child = spawn(process.execPath, [BIN, 'up', '--port', '0', '--postgres', 'embedded'], { stdio: ['ignore', 'pipe', 'pipe'], cwd: tmpdir() })
    let out = ''
    child.stdout.on('data', (d: Buffer) => (out += d.toString()))
    for (let i = 0; i < 600 && !out.includes('admin URL'); i++) await new Promise((r) => setTimeout(r, 50))
    expect(out).toMatch(/starting PostgreSQL \(embedded\)\.\.\. ready in \d+(\.\d+)? s/)
    const addr = /export VAULT_ADDR=(\S+)/.exec(out)?.[1] ?? ''

    const denied = await fetch(`${addr}/_emu/postgres`)
    expect(denied.status).toBe(403)
    const info = (await (await fetch(`${addr}/_emu/postgres`, { headers: { 'X-Vault-Token': 'root' } })).json()) as { kind: string; admin_url: string }
    expect(info.kind).toBe('embedded')
    expect(out).not.toContain(new URL(info.admin_url).password) // the password is never printed

    const admin = new pg.Client({ connectionString: info.admin_url })
    await admin.connect()
    const pid = Number((await admin.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]?.pid)
    const dataDir = String((await admin.query<{ setting: string }>("SELECT setting FROM pg_settings WHERE name = 'data_directory'")).rows[0]?.setting)
    const postmaster = Number((await admin.query<{ pid: string }>("SELECT pid FROM pg_stat_activity WHERE backend_type = 'checkpointer'")).rows[0]?.pid)
    await admin.end()
    expect(pid).toBeGreaterThan(0)

    child.kill('SIGTERM')
    const [code] = (await once(child, 'exit')) as [number | null]
    expect(code).toBe(0)
    expect(alive(postmaster)).toBe(false)
    expect(existsSync(dataDir)).toBe(false)
  }, 60_000)

  it('refuses a bad --postgres value with exit 2', async () => {
    const child = spawn(process.execPath, [BIN, 'up', '--postgres', 'mysql://x'], { stdio: ['ignore', 'pipe', 'pipe'], cwd: tmpdir() })
    let err = ''
    child.stderr.on('data', (d: Buffer) => (err += d.toString()))
    const [code] = (await once(child, 'exit')) as [number | null]
    expect(code).toBe(2)
    expect(err).toContain('invalid --postgres')
  })
})

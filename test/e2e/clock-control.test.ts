/** The virtual clock driven from outside: `/_emu/clock` over HTTP and `vault-emu clock`. */
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startVaultEmulator } from 'vault-emu'
import type { VaultEmulator } from 'vault-emu'

const run = promisify(execFile)
const BIN = fileURLToPath(new URL('../../bin/vault-emu.js', import.meta.url))
let vault: VaultEmulator

beforeAll(async () => {
  vault = await startVaultEmulator({ port: 0, clock: { mode: 'frozen', start: '2030-01-01T00:00:00Z' } })
})
afterAll(async () => {
  await vault.stop()
})

async function control(body: unknown, token = vault.rootToken): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(`${vault.addr}/_emu/clock`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'X-Vault-Token': token, 'Content-Type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  })
  return { status: res.status, json: (await res.json()) as Record<string, unknown> }
}

describe('/_emu/clock', () => {
  it('needs the root token', async () => {
    const created = await vault.request('POST', 'auth/token/create', { data: { policies: ['default'] } })
    const token = (created.json as { auth: { client_token: string } }).auth.client_token
    expect((await control(undefined, token)).status).toBe(403)
    expect((await control(undefined, 'nope')).status).toBe(403)
  })

  it('reports, advances and expires a token whose TTL passes', async () => {
    expect((await control(undefined)).json).toMatchObject({ mode: 'frozen', now: '2030-01-01T00:00:00.000Z' })
    const created = await vault.request('POST', 'auth/token/create', { data: { policies: ['default'], ttl: '30m' } })
    const auth = (created.json as { auth: { client_token: string; accessor: string } }).auth
    const moved = await control({ advance: '1h' })
    expect(moved.status).toBe(200)
    expect(moved.json['now']).toBe('2030-01-01T01:00:00.000Z')
    expect((moved.json['report'] as { events: unknown[] }).events).toContainEqual({ kind: 'token-expired', id: auth.accessor })
    expect((await vault.request('GET', 'auth/token/lookup-self', { token: auth.client_token })).status).toBe(403)
  })

  it('refuses bad input with Vault-style errors', async () => {
    expect(await control({ advance: '1x' })).toEqual({ status: 400, json: { errors: ['time: unknown unit "x" in duration "1x"'] } })
    const back = await control({ set: '2000-01-01T00:00:00Z' })
    expect(back.status).toBe(400)
    expect((back.json['errors'] as string[])[0]).toMatch(/^cannot move the clock backwards/)
  })
})

describe('vault-emu clock', () => {
  const env = (): NodeJS.ProcessEnv => ({ ...process.env, VAULT_ADDR: vault.addr, VAULT_TOKEN: vault.rootToken })

  it('shows the status, advances, sets and freezes through the CLI', async () => {
    const status = await run(process.execPath, [BIN, 'clock', 'status'], { env: env() })
    expect(status.stdout).toMatch(/^mode frozen\nnow  \d{4}-/)
    const advanced = await run(process.execPath, [BIN, 'clock', 'advance', '2h'], { env: env() })
    expect(advanced.stdout).toContain('nothing fell due')
    const set = await run(process.execPath, [BIN, 'clock', 'set', '2031-06-01T00:00:00Z'], { env: env() })
    expect(set.stdout).toContain('now  2031-06-01T00:00:00.000Z')
    const resumed = await run(process.execPath, [BIN, 'clock', 'resume'], { env: env() })
    expect(resumed.stdout).toContain('mode real')
    const frozen = await run(process.execPath, [BIN, 'clock', 'freeze'], { env: env() })
    expect(frozen.stdout).toContain('mode frozen')
  })

  it('exits 1 with the server error for a non-root token, 2 for bad usage', async () => {
    const denied = await run(process.execPath, [BIN, 'clock', 'status'], { env: { ...env(), VAULT_TOKEN: 'nope' } }).catch((e: { code: number; stderr: string }) => e)
    expect(denied).toMatchObject({ code: 1 })
    expect((denied as { stderr: string }).stderr).toContain('403 permission denied')
    const usage = await run(process.execPath, [BIN, 'clock', 'advance'], { env: env() }).catch((e: { code: number; stderr: string }) => e)
    expect(usage).toMatchObject({ code: 2 })
  })
})

/**
 * `vault-emu up --seal shamir --state-file <path>` as an operator uses it:
 * init and unseal over HTTP, stop, start again sealed. Runs the CLI from the
 * TypeScript sources in a child process.
 */
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const REGISTER = fileURLToPath(new URL('./fixtures/register-ts.mjs', import.meta.url))
const CLI = fileURLToPath(new URL('../../src/cli/run.ts', import.meta.url))

function run(args: string[]) {
  const child = spawn(process.execPath, ['--experimental-transform-types', '--no-warnings', '--import', REGISTER, CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'], cwd: tmpdir() })
  let out = ''
  let err = ''
  child.stdout.on('data', (d: Buffer) => (out += d.toString()))
  child.stderr.on('data', (d: Buffer) => (err += d.toString()))
  const exited = once(child, 'exit') as Promise<[number | null, string | null]>
  const address = new Promise<string>((resolve, reject) => {
    child.stdout.on('data', () => {
      const m = /export VAULT_ADDR=(\S+)\n/.exec(out)
      if (m) resolve(m[1] as string)
    })
    void exited.then(() => reject(new Error(`vault-emu exited: ${err}`)))
  })
  address.catch(() => undefined) // awaited only by the tests that expect a server
  return { child, exited, address, output: () => out, errors: () => err }
}

async function put(addr: string, path: string, body: unknown): Promise<Record<string, unknown>> {
  const res = await fetch(`${addr}/v1/${path}`, { method: 'PUT', body: JSON.stringify(body) })
  return (await res.json()) as Record<string, unknown>
}

describe('vault-emu up --seal', () => {
  it('starts uninitialised with shamir, and after a restart from the state file comes up sealed', { timeout: 60_000 }, async () => {
    const stateFile = join(mkdtempSync(join(tmpdir(), 'vault-emu-cli-')), 'vault.state')
    const first = run(['up', '--port', '0', '--seal', 'shamir', '--state-file', stateFile])
    const addr = await first.address
    expect(first.output()).toContain('not initialised; run "vault operator init"')
    expect(first.output()).not.toContain('VAULT_TOKEN')
    const { keys_base64: keys } = (await put(addr, 'sys/init', { secret_shares: 3, secret_threshold: 2 })) as { keys_base64: string[] }
    await put(addr, 'sys/unseal', { key: keys[0] })
    expect((await put(addr, 'sys/unseal', { key: keys[1] }))['sealed']).toBe(false)
    first.child.kill('SIGTERM')
    expect((await first.exited)[0]).toBe(0)

    const second = run(['up', '--port', '0', '--seal', 'shamir', '--state-file', stateFile])
    const again = await second.address
    expect(second.output()).toContain('sealed; unseal with 2 of the 3 keys')
    expect((await (await fetch(`${again}/v1/sys/seal-status`)).json()) as Record<string, unknown>).toMatchObject({ initialized: true, sealed: true, t: 2, n: 3 })
    expect((await put(again, 'sys/unseal', { key: keys[2] }))['progress']).toBe(1)
    expect((await put(again, 'sys/unseal', { key: keys[0] }))['sealed']).toBe(false)
    second.child.kill('SIGTERM')
    await second.exited
  })

  it('prints the dev unseal key in dev mode', { timeout: 60_000 }, async () => {
    const p = run(['up', '--port', '0'])
    await p.address
    while (!/Unseal Key: .*\n/.test(p.output())) await once(p.child.stdout, 'data')
    expect(p.output()).toMatch(/Unseal Key: [A-Za-z0-9+/]{43}=\n/)
    p.child.kill('SIGTERM')
    await p.exited
  })

  it('exits 2 with the usage on a bad --seal or an empty --state-file', { timeout: 60_000 }, async () => {
    const bad = run(['up', '--seal', 'transit'])
    expect((await bad.exited)[0]).toBe(2)
    expect(bad.errors()).toContain('invalid --seal "transit": expected "dev" or "shamir"')
    expect(bad.errors()).toContain('--state-file <path>')
    const empty = run(['up', '--state-file', ''])
    expect((await empty.exited)[0]).toBe(2)
    expect(empty.errors()).toContain('invalid --state-file')
  })
})

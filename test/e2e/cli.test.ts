/** `vault-emu up` as a user runs it: the built binary in a child process. */
import { tmpdir } from 'node:os'
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const BIN = fileURLToPath(new URL('../../bin/vault-emu.js', import.meta.url))

function run(args: string[]): { child: ReturnType<typeof spawn>; output: () => string; errors: () => string } {
  const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'], cwd: tmpdir() }) // no vault.config.yaml there
  let out = ''
  let err = ''
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()))
  child.stderr?.on('data', (d: Buffer) => (err += d.toString()))
  return { child, output: () => out, errors: () => err }
}

async function waitFor(predicate: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (predicate()) return
    await new Promise((r) => setTimeout(r, 25))
  }
  throw new Error(`timed out waiting for ${what}`)
}

describe('vault-emu up', () => {
  it('prints the two export lines, serves the API, and stops cleanly on SIGTERM', async () => {
    const p = run(['up', '--port', '0', '--root-token', 'my-root'])
    await waitFor(() => /export VAULT_TOKEN=/.test(p.output()), 'the export lines')
    const addr = /export VAULT_ADDR=(http:\/\/127\.0\.0\.1:\d+)\n/.exec(p.output())?.[1]
    expect(addr).toBeDefined()
    expect(p.output()).toContain('export VAULT_TOKEN=my-root\n')

    const res = await fetch(`${addr}/v1/auth/token/lookup-self`, { headers: { 'X-Vault-Token': 'my-root' } })
    expect(res.status).toBe(200)

    p.child.kill('SIGTERM')
    const [code] = (await once(p.child, 'exit')) as [number | null]
    expect(code).toBe(0)
    await expect(fetch(`${addr}/v1/sys/health`)).rejects.toThrow()
  })

  it('exits 2 with a clear message on an unknown flag', async () => {
    const p = run(['up', '--prot', '8200'])
    const [code] = (await once(p.child, 'exit')) as [number | null]
    expect(code).toBe(2)
    expect(p.errors()).toContain("Unknown option '--prot'")
    expect(p.errors()).toContain('Usage: vault-emu up')
  })

  it('exits 2 on a bad port value', async () => {
    const p = run(['up', '--port', 'eighty'])
    const [code] = (await once(p.child, 'exit')) as [number | null]
    expect(code).toBe(2)
    expect(p.errors()).toContain('invalid --port "eighty"')
  })

  it('exits 2 on an unknown command', async () => {
    const p = run(['upp'])
    const [code] = (await once(p.child, 'exit')) as [number | null]
    expect(code).toBe(2)
    expect(p.errors()).toContain('unknown command "upp"')
  })

  it('ends quietly when its reader goes away (| head), as the vault CLI does', async () => {
    const p = run(['--help'])
    p.child.stdout?.destroy() // the reader closes its end before the help text is written
    const [code] = (await once(p.child, 'exit')) as [number | null]
    expect(p.errors()).not.toContain('EPIPE')
    expect(code).toBe(0)
  })
})

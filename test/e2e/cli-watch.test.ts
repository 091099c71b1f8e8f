/** `vault-emu up --watch` as a user runs it: a saved policy is live without a restart. */
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const REGISTER = fileURLToPath(new URL('./fixtures/register-ts.mjs', import.meta.url))
const CLI = fileURLToPath(new URL('../../src/cli/run.ts', import.meta.url))

describe('vault-emu up --watch', () => {
  it('applies a changed policy and prints a broken one with file:line', { timeout: 60_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vault-emu-cli-watch-'))
    mkdirSync(join(dir, 'policies'))
    writeFileSync(join(dir, 'vault.config.yaml'), 'secrets:\n  secret:\n    type: kv-v2\n')
    writeFileSync(join(dir, 'policies', 'app.hcl'), 'path "secret/data/app/*" {\n  capabilities = ["read"]\n}\n')
    const child = spawn(process.execPath, ['--experimental-transform-types', '--no-warnings', '--import', REGISTER, CLI, 'up', '--port', '0', '--watch'], { stdio: ['ignore', 'pipe', 'pipe'], cwd: dir })
    let out = ''
    child.stdout.on('data', (d: Buffer) => (out += d.toString()))
    try {
      while (!/watching .* for changes\n/.test(out) && child.exitCode === null) await once(child.stdout, 'data')
      expect(out).toContain('watching ., policies for changes\n')
      const addr = /export VAULT_ADDR=(\S+)\n/.exec(out)?.[1] ?? ''
      const capabilities = async (): Promise<string[]> => {
        const res = await fetch(`${addr}/v1/sys/policies/acl/app`, { headers: { 'X-Vault-Token': 'root' } })
        return /capabilities = \[(.*)\]/.exec(((await res.json()) as { data: { policy: string } }).data.policy)?.[1]?.split(', ') ?? []
      }
      expect(await capabilities()).toEqual(['"read"'])
      writeFileSync(join(dir, 'policies', 'app.hcl'), 'path "secret/data/app/*" {\n  capabilities = ["read", "list"]\n}\n')
      while (!out.includes('config reloaded: updated policy app')) await once(child.stdout, 'data')
      expect(await capabilities()).toEqual(['"read"', '"list"'])
      writeFileSync(join(dir, 'policies', 'app.hcl'), 'path "secret/data/app/*" {\n  capabilities = ["read", "list"\n')
      while (!out.includes('config not reloaded')) await once(child.stdout, 'data')
      while (!out.includes('1 error')) await once(child.stdout, 'data')
      expect(out).toMatch(/policies\/app\.hcl:2:\d+: error: .*\[hcl-syntax\]/)
      expect(await capabilities()).toEqual(['"read"', '"list"'])
    } finally {
      child.kill('SIGTERM')
      await once(child, 'exit')
    }
  })
})

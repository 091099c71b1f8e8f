/**
 * `vault-emu up --config` and `vault-emu validate` / `vault-emu test` as a user
 * runs them, from the TypeScript sources in a child process.
 */
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const REGISTER = fileURLToPath(new URL('./fixtures/register-ts.mjs', import.meta.url))
const CLI = fileURLToPath(new URL('../../src/cli/run.ts', import.meta.url))
const CORPUS = fileURLToPath(new URL('../fixtures/config-broken', import.meta.url))

function run(args: string[], cwd: string) {
  const child = spawn(process.execPath, ['--experimental-transform-types', '--no-warnings', '--import', REGISTER, CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'], cwd })
  let out = ''
  let err = ''
  child.stdout.on('data', (d: Buffer) => (out += d.toString()))
  child.stderr.on('data', (d: Buffer) => (err += d.toString()))
  const exited = once(child, 'exit') as Promise<[number | null, string | null]>
  return { child, exited, output: () => out, errors: () => err }
}

function project(): string {
  const dir = mkdtempSync(join(tmpdir(), 'vault-emu-cli-config-'))
  mkdirSync(join(dir, 'policies'))
  writeFileSync(join(dir, 'vault.config.yaml'), 'server:\n  root_token: from-config\nsecrets:\n  secret:\n    type: kv-v2\n    data:\n      app/config:\n        colour: blue\n')
  writeFileSync(join(dir, 'policies', 'app.hcl'), 'path "secret/data/app/*" {\n  capabilities = ["read"]\n}\n')
  return dir
}

describe('vault-emu up with a config', () => {
  it('loads ./vault.config.yaml, and a flag overrides its server block', { timeout: 60_000 }, async () => {
    const dir = project()
    const p = run(['up', '--port', '0', '--root-token', 'from-flag'], dir)
    while (!/export VAULT_TOKEN=.*\n/.test(p.output()) && p.child.exitCode === null) await once(p.child.stdout, 'data')
    expect(p.output()).toContain('loading vault.config.yaml\n')
    expect(p.output()).toContain('export VAULT_TOKEN=from-flag\n')
    const addr = /export VAULT_ADDR=(\S+)\n/.exec(p.output())?.[1] ?? ''
    const res = await fetch(`${addr}/v1/secret/data/app/config`, { headers: { 'X-Vault-Token': 'from-flag' } })
    expect(((await res.json()) as { data: { data: unknown } }).data.data).toEqual({ colour: 'blue' })
    p.child.kill('SIGTERM')
    await p.exited
  })

  it('exits 1 naming file and line when the config is wrong', { timeout: 60_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vault-emu-cli-config-'))
    writeFileSync(join(dir, 'vault.config.yaml'), 'server:\n  root_token: ${NOT_SET_ANYWHERE}\n')
    const p = run(['up', '--port', '0'], dir)
    const [code] = await p.exited
    expect(code).toBe(1)
    expect(p.errors()).toContain('vault-emu: vault.config.yaml:2:15: ${NOT_SET_ANYWHERE} is not set; export NOT_SET_ANYWHERE')
  })
})

describe('vault-emu validate and test', () => {
  it('exit 1 when it finds problems (warnings too), 2 when it cannot run', { timeout: 60_000 }, async () => {
    const clean = run(['validate', '--format', 'github'], project())
    const broken = run(['validate', join(CORPUS, 'kv-v2-trap')], tmpdir())
    const missing = run(['validate', 'no/such/folder'], tmpdir())
    expect((await broken.exited)[0]).toBe(1)
    expect(broken.output()).toMatch(/kv-v2-trap\/policies\/app\.hcl:2:1: error: .* \[kv-v2-path\]/)
    expect((await missing.exited)[0]).toBe(2)
    const [code] = await clean.exited
    // app.hcl is used by no role: a warning, still a finding.
    expect(clean.output()).toMatch(/^::warning file=policies\/app\.hcl,line=1,col=1,title=unused-policy::/)
    expect(code).toBe(1)
  })
})

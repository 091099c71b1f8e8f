/** `vault-emu agent -config`: the spawned binary against an emulator over real HTTP. */
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startVaultEmulator } from 'vault-emu'
import type { VaultEmulator } from 'vault-emu'

const BIN = fileURLToPath(new URL('../../bin/vault-emu.js', import.meta.url))
let vault: VaultEmulator
let dir: string

async function ok(method: string, path: string, data?: unknown): Promise<Record<string, unknown>> {
  const res = await fetch(`${vault.addr}/v1/${path}`, {
    method,
    headers: { 'X-Vault-Token': vault.rootToken, 'Content-Type': 'application/json' },
    ...(data === undefined ? {} : { body: JSON.stringify(data) }),
  })
  const text = await res.text()
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`)
  return text ? (JSON.parse(text) as Record<string, unknown>) : {}
}

async function until(check: () => Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (await check()) return
    await new Promise((r) => setTimeout(r, 50))
  }
  throw new Error(`timed out waiting for ${what}`)
}

beforeAll(async () => {
  vault = await startVaultEmulator({ port: 0, clock: { mode: 'frozen', start: '2030-01-01T00:00:00Z' } })
  dir = await mkdtemp(join(tmpdir(), 'vault-emu-agent-cli-'))
  await ok('POST', 'sys/auth/approle', { type: 'approle' })
  await ok('POST', 'sys/mounts/kv', { type: 'kv', options: { version: '2' } })
  await ok('POST', 'kv/data/app', { data: { greeting: 'hello' } })
  await ok('PUT', 'sys/policies/acl/app', { policy: 'path "kv/data/app" { capabilities = ["read"] }' })
  await ok('POST', 'auth/approle/role/app', { token_policies: 'app', token_ttl: '1h' })
  const roleId = ((await ok('GET', 'auth/approle/role/app/role-id'))['data'] as { role_id: string }).role_id
  const secretId = ((await ok('POST', 'auth/approle/role/app/secret-id'))['data'] as { secret_id: string }).secret_id
  await writeFile(join(dir, 'role-id'), roleId)
  await writeFile(join(dir, 'secret-id'), secretId)
  await writeFile(join(dir, 'greeting.tpl'), '{{ with secret "kv/data/app" }}{{ .Data.data.greeting }}{{ end }}\n')
})

afterAll(async () => {
  await vault?.stop()
  if (dir) await rm(dir, { recursive: true, force: true })
})

describe('vault-emu agent', () => {
  it('logs in, writes the sink and the template, follows the virtual clock, and stops on SIGTERM', async () => {
    await writeFile(
      join(dir, 'agent.hcl'),
      `auto_auth {
  method "approle" {
    config = {
      role_id_file_path = "${join(dir, 'role-id')}"
      secret_id_file_path = "${join(dir, 'secret-id')}"
    }
  }
  sink "file" {
    config = { path = "${join(dir, 'token')}" }
  }
}
template {
  source = "${join(dir, 'greeting.tpl')}"
  destination = "${join(dir, 'greeting.txt')}"
  command = "echo ran >> ${join(dir, 'marker')}"
}
`,
    )
    const child = spawn(process.execPath, [BIN, 'agent', '-config', join(dir, 'agent.hcl')], { cwd: tmpdir(), env: { ...process.env, VAULT_ADDR: vault.addr }, stdio: ['ignore', 'pipe', 'pipe'] })
    let err = ''
    child.stderr.on('data', (d: Buffer) => (err += d.toString()))
    try {
      await until(async () => (await readFile(join(dir, 'marker'), 'utf8').catch(() => '')) === 'ran\n', 'the command')
      expect(await readFile(join(dir, 'greeting.txt'), 'utf8')).toBe('hello\n')
      const token = await readFile(join(dir, 'token'), 'utf8')
      expect((await stat(join(dir, 'token'))).mode & 0o777).toBe(0o640)
      // Vault Agent's default: the secret ID file is gone once read.
      await expect(stat(join(dir, 'secret-id'))).rejects.toThrow('ENOENT')
      expect(err).toContain("Clock: the emulator's virtual clock")

      await vault.clock.advance('40m')
      await until(async () => err.includes('renewed: token, ttl 3600s'), 'the token renewal')
      expect(err).toMatch(/2030-01-01T00:40:00\.000Z \[INFO\]  lifetime\.watcher: renewed: token, ttl 3600s/)
      expect(err).not.toContain(token)
    } finally {
      child.kill('SIGTERM')
    }
    const [code] = (await once(child, 'exit')) as [number | null]
    expect(code).toBe(0)
    expect(err).toContain('==> Vault Agent shutdown complete')
  }, 30_000)

  it('with -exit-after-auth and a token_file, writes the sink and the template once and exits 0', async () => {
    await writeFile(join(dir, 'given-token'), await vault.token({ policies: ['app'], ttl: '1h' }))
    await writeFile(
      join(dir, 'once.hcl'),
      `vault {\n  address = "${vault.addr}"\n}\nauto_auth {\n  method "token_file" {\n    config = { token_file_path = "${join(dir, 'given-token')}" }\n  }\n  sink "file" {\n    config = { path = "${join(dir, 'once-token')}" }\n  }\n}\ntemplate {\n  source = "${join(dir, 'greeting.tpl')}"\n  destination = "${join(dir, 'once.txt')}"\n}\n`,
    )
    const child = spawn(process.execPath, [BIN, 'agent', `-config=${join(dir, 'once.hcl')}`, '-exit-after-auth'], { cwd: tmpdir(), stdio: ['ignore', 'pipe', 'pipe'] })
    const [code] = (await once(child, 'exit')) as [number | null]
    expect(code).toBe(0)
    expect(await readFile(join(dir, 'once.txt'), 'utf8')).toBe('hello\n')
    expect(await readFile(join(dir, 'once-token'), 'utf8')).toBe(await readFile(join(dir, 'given-token'), 'utf8'))
  })

  it('reports a config error with the file and what to do, exit 1', async () => {
    await writeFile(join(dir, 'bad.hcl'), 'auto_auth {\n  method "ldap" {\n    config = { username = "x" }\n  }\n}\n')
    const child = spawn(process.execPath, [BIN, 'agent', `-config=${join(dir, 'bad.hcl')}`], { cwd: tmpdir(), stdio: ['ignore', 'pipe', 'pipe'] })
    let err = ''
    child.stderr.on('data', (d: Buffer) => (err += d.toString()))
    const [code] = (await once(child, 'exit')) as [number | null]
    expect(code).toBe(1)
    expect(err).toBe(`vault-emu: ${join(dir, 'bad.hcl')}: auto_auth.method "ldap": method "ldap" is not supported by vault-emu agent; use "approle", "kubernetes" or "token_file"\n`)
  })

  it('refuses a missing -config with usage, exit 2', async () => {
    const child = spawn(process.execPath, [BIN, 'agent'], { cwd: tmpdir(), stdio: ['ignore', 'pipe', 'pipe'] })
    let err = ''
    child.stderr.on('data', (d: Buffer) => (err += d.toString()))
    const [code] = (await once(child, 'exit')) as [number | null]
    expect(code).toBe(2)
    expect(err).toContain('the agent needs a config file: vault-emu agent -config=agent.hcl')
  })
})

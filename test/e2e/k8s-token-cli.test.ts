/** `vault-emu k8s token` and `POST /_emu/k8s-token`: the lesson's Kubernetes login from a shell. */
import { execFile } from 'node:child_process'
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startVaultEmulator } from 'vault-emu'
import type { VaultEmulator } from 'vault-emu'

const run = promisify(execFile)
const BIN = fileURLToPath(new URL('../../bin/vault-emu.js', import.meta.url))
let vault: VaultEmulator
let dir: string

beforeAll(async () => {
  vault = await startVaultEmulator({ port: 0 })
  dir = await mkdtemp(join(tmpdir(), 'k8s-token-'))
  // The lesson's Part 5, with kubernetes_host pointing at the emulator's fake cluster.
  await vault.request('POST', 'sys/auth/kubernetes', { data: { type: 'kubernetes' } })
  await vault.request('POST', 'auth/kubernetes/config', { data: { kubernetes_host: `${vault.addr}/_emu/k8s` } })
  await vault.request('POST', 'auth/kubernetes/role/myapp', {
    data: { bound_service_account_names: 'myapp-sa', bound_service_account_namespaces: 'production', policies: 'myapp-secrets', ttl: '1h' },
  })
})
afterAll(async () => {
  await vault.stop()
  await rm(dir, { recursive: true, force: true })
})

function cli(args: string[], token = vault.rootToken): Promise<{ stdout: string; stderr: string }> {
  return run(process.execPath, [BIN, ...args], { env: { ...process.env, VAULT_ADDR: vault.addr, VAULT_TOKEN: token }, cwd: tmpdir() })
}

async function login(jwt: string): Promise<{ status: number; policies?: string[] }> {
  const res = await fetch(`${vault.addr}/v1/auth/kubernetes/login`, { method: 'POST', body: JSON.stringify({ role: 'myapp', jwt }) })
  const body = (await res.json()) as { auth?: { policies: string[] } }
  return { status: res.status, ...(body.auth ? { policies: body.auth.policies } : {}) }
}

describe('vault-emu k8s token', () => {
  it('prints a service-account JWT that logs in through the kubernetes auth method', async () => {
    const { stdout } = await cli(['k8s', 'token', 'production', 'myapp-sa'])
    const jwt = stdout.trim()
    expect(jwt.split('.')).toHaveLength(3)
    const claims = JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString('utf8')) as { sub: string }
    expect(claims.sub).toBe('system:serviceaccount:production:myapp-sa')
    expect(await login(jwt)).toEqual({ status: 200, policies: ['default', 'myapp-secrets'] })
  })

  it('mints for any service account, and the role still decides: another namespace is refused', async () => {
    const { stdout } = await cli(['k8s', 'token', 'staging', 'myapp-sa'])
    expect((await login(stdout.trim())).status).toBe(403)
  })

  it('writes the token to a 0600 file for an agent token_path', async () => {
    const file = join(dir, 'sa-token')
    const { stdout } = await cli(['k8s', 'token', 'production', 'myapp-sa', '--ttl', '10m', '--output', file])
    expect(stdout).toBe('')
    expect((await stat(file)).mode & 0o777).toBe(0o600)
    const jwt = await readFile(file, 'utf8')
    const claims = JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString('utf8')) as { iat: number; exp: number }
    expect(claims.exp - claims.iat).toBe(600)
    expect((await login(jwt)).status).toBe(200)
  })

  it('needs the root token, and says so', async () => {
    const created = await vault.request('POST', 'auth/token/create', { data: { policies: ['default'] } })
    const token = (created.json as { auth: { client_token: string } }).auth.client_token
    const failed = await cli(['k8s', 'token', 'production', 'myapp-sa'], token).catch((err: { code: number; stderr: string }) => err)
    expect(failed).toMatchObject({ code: 1 })
    expect((failed as { stderr: string }).stderr).toContain('403')
    expect((failed as { stderr: string }).stderr).toContain('needs the root token')
  })

  it('refuses missing arguments with exit 2 and bad input with a 400', async () => {
    const usage = await cli(['k8s', 'token', 'production']).catch((err: { code: number; stderr: string }) => err)
    expect(usage).toMatchObject({ code: 2 })
    const res = await fetch(`${vault.addr}/_emu/k8s-token`, { method: 'POST', headers: { 'X-Vault-Token': vault.rootToken }, body: JSON.stringify({ namespace: 'production' }) })
    expect(res.status).toBe(400)
    expect(await res.json()).toEqual({ errors: ['"namespace" and "service_account" are required'] })
    const badTtl = await fetch(`${vault.addr}/_emu/k8s-token`, {
      method: 'POST',
      headers: { 'X-Vault-Token': vault.rootToken },
      body: JSON.stringify({ namespace: 'production', service_account: 'myapp-sa', ttl: 'soon' }),
    })
    expect(badTtl.status).toBe(400)
  })
})

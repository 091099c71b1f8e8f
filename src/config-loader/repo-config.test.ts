/** The repository's own vault.config.yaml boots, and every object it declares answers through the API. */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createVaultEmulator } from '../emulator/emulator.js'
import type { VaultEmulator } from '../emulator/emulator.js'

const REPO = fileURLToPath(new URL('../..', import.meta.url))

describe('the repository vault.config.yaml', () => {
  let vault: VaultEmulator
  let dir: string

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'vault-emu-config-'))
    process.env['VAULT_EMU_AUDIT_FILE'] = join(dir, 'audit.log')
    vault = await createVaultEmulator({ config: REPO })
  }, 120_000)

  afterAll(async () => {
    delete process.env['VAULT_EMU_AUDIT_FILE']
    await vault?.stop()
    rmSync(dir, { recursive: true, force: true })
  })

  const ok = async (method: string, path: string, options: { token?: string; data?: unknown } = {}): Promise<Record<string, unknown>> => {
    const reply = await vault.request(method, path, options)
    expect(reply.status, `${method} ${path}: ${JSON.stringify(reply.json)}`).toBeLessThan(300)
    return (reply.json ?? {}) as Record<string, unknown>
  }

  it('seeds the KV v2 secrets', async () => {
    const reply = await ok('GET', 'secret/data/myapp/database')
    expect((reply['data'] as { data: unknown }).data).toEqual({ username: 'dbadmin', password: 'n3w_p@ss_2026', host: 'db.example.com' })
  })

  it('writes the policies', async () => {
    const reply = await ok('LIST', 'sys/policies/acl')
    expect((reply['data'] as { keys: string[] }).keys).toEqual(expect.arrayContaining(['ci-deploy', 'myapp-secrets', 'web-frontend']))
  })

  it('issues PostgreSQL credentials that work and are revoked cleanly', async () => {
    const creds = await ok('GET', 'database/creds/app-readonly')
    const { username, password } = creds['data'] as { username: string; password: string }
    const client = await vault.postgres!.connectAs(username, password)
    const rows = await client.query('SELECT count(*)::int AS n FROM users')
    expect(rows.rows[0]).toEqual({ n: 2 })
    await client.end()
    await ok('PUT', 'sys/leases/revoke', { data: { lease_id: creds['lease_id'] } })
    await expect(vault.postgres!.connectAs(username, password)).rejects.toThrow()
    expect((await ok('GET', 'database/roles/app-readwrite'))['data']).toMatchObject({ db_name: 'production-db', default_ttl: 1800, max_ttl: 14400 })
  })

  it('logs in with the ci-pipeline AppRole and gets ci-deploy', async () => {
    const roleId = ((await ok('GET', 'auth/approle/role/ci-pipeline/role-id'))['data'] as { role_id: string }).role_id
    const secretId = ((await ok('POST', 'auth/approle/role/ci-pipeline/secret-id'))['data'] as { secret_id: string }).secret_id
    const login = await ok('POST', 'auth/approle/login', { token: '', data: { role_id: roleId, secret_id: secretId } })
    const auth = login['auth'] as { policies: string[]; client_token: string }
    expect(auth.policies).toContain('ci-deploy')
    expect((await vault.request('GET', 'secret/data/myapp/database', { token: auth.client_token })).status).toBe(200)
  })

  it('logs in with the Kubernetes role myapp from the fake cluster', async () => {
    const jwt = vault.kubernetes.serviceAccountToken({ namespace: 'production', serviceAccount: 'myapp-sa' })
    const login = await ok('POST', 'auth/kubernetes/login', { token: '', data: { role: 'myapp', jwt } })
    const token = (login['auth'] as { client_token: string }).client_token
    expect((login['auth'] as { policies: string[] }).policies).toContain('myapp-secrets')
    expect((await vault.request('GET', 'secret/data/myapp/config', { token })).status).toBe(200)
    expect((await vault.request('GET', 'secret/data/billing/stripe', { token })).status).toBe(403)
  })

  it('has the transit key, the token role and the file audit device', async () => {
    await ok('GET', 'transit/keys/myapp-key')
    expect((await ok('GET', 'auth/token/roles/web-frontend'))['data']).toMatchObject({ allowed_policies: ['web-frontend'] })
    const devices = await ok('GET', 'sys/audit')
    expect(devices['file/']).toMatchObject({ type: 'file' })
    expect(readFileSync(join(dir, 'audit.log'), 'utf8')).toContain('secret/data/myapp/database')
  })
})

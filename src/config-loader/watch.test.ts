/** Live reload: file changes reach the running emulator; broken files do not; state survives. */
import { mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createVaultEmulator } from '../emulator/emulator.js'
import type { VaultEmulator } from '../emulator/emulator.js'
import { appliedState, diffConfig } from './diff.js'
import { readConfig } from './read-config.js'
import type { VaultConfig } from './types.js'
import { watchConfig } from './watch.js'
import type { ConfigWatcher } from './watch.js'

const CONFIG = 'auth:\n  approle:\n    type: approle\nsecrets:\n  secret:\n    type: kv-v2\n    data:\n      seeded: { a: "1" }\n'
const READER = 'path "secret/data/*" {\n  capabilities = ["read"]\n}\n'
const READER_LIST = 'path "secret/data/*" {\n  capabilities = ["read", "list"]\n}\n'
const EXTRA = 'path "secret/data/extra" {\n  capabilities = ["read"]\n}\n'
const CI_ROLE = '- mount: auth/approle\n  kind: role\n  name: ci\n  token_policies: [reader]\n'

function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'vault-emu-watch-'))
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true })
    writeFileSync(join(dir, name), text)
  }
  return dir
}

/** Saves as editors that write a temporary file and rename it over the original do. */
function saveViaRename(file: string, text: string): void {
  writeFileSync(`${file}.tmp~`, text)
  renameSync(`${file}.tmp~`, file)
}

async function eventually<T>(probe: () => Promise<T>, accept: (value: T) => boolean, timeoutMs = 3000): Promise<{ value: T; ms: number }> {
  const started = performance.now()
  for (;;) {
    const value = await probe()
    const ms = performance.now() - started
    if (accept(value)) return { value, ms }
    if (ms > timeoutMs) throw new Error(`not within ${timeoutMs} ms; last value: ${JSON.stringify(value)}`)
    await new Promise((r) => setTimeout(r, 15))
  }
}

async function capabilities(vault: VaultEmulator, token: string, path: string): Promise<string[]> {
  const reply = await vault.request('POST', 'sys/capabilities', { data: { token, paths: [path] } })
  const json = reply.json as { data?: { capabilities?: string[] }; capabilities?: string[] }
  return json.data?.capabilities ?? json.capabilities ?? []
}

describe('watchConfig', () => {
  const cleanup: (() => Promise<void> | void)[] = []
  afterEach(async () => {
    for (const fn of cleanup.splice(0).reverse()) await fn()
  })

  it('applies policy and role changes live, keeps the last good config on errors, and keeps secrets and tokens', async () => {
    const dir = folder({ 'vault.config.yaml': CONFIG, 'policies/reader.hcl': READER, 'policies/extra.hcl': EXTRA, 'roles/ci.yaml': CI_ROLE })
    cleanup.push(() => rmSync(dir, { recursive: true, force: true }))
    const vault = await createVaultEmulator({ config: dir })
    cleanup.push(() => vault.stop())
    const lines: string[] = []
    const watcher: ConfigWatcher = await watchConfig(vault, dir, { log: (line) => lines.push(line), debounceMs: 50 })
    cleanup.push(() => watcher.close())

    // State written through the API before any reload.
    expect((await vault.request('POST', 'secret/data/app', { data: { data: { password: 'hunter2' } } })).status).toBe(200)
    const token = await vault.token({ policies: ['reader'] })
    expect(await capabilities(vault, token, 'secret/data/app')).toEqual(['read'])

    // 1. A changed policy is in force within a second.
    saveViaRename(join(dir, 'policies/reader.hcl'), READER_LIST)
    const changed = await eventually(() => capabilities(vault, token, 'secret/data/app'), (c) => c.includes('list'), 1000)
    expect(changed.value.sort()).toEqual(['list', 'read'])

    // 2. Bad HCL: reported with file:line, the old policy stays.
    writeFileSync(join(dir, 'policies/reader.hcl'), 'path "secret/data/*" {\n  capabilities = ["read"\n')
    await eventually(async () => lines.join('\n'), (text) => /config not reloaded[\s\S]*policies\/reader\.hcl:\d+:\d+: error: /.test(text))
    expect(await capabilities(vault, token, 'secret/data/app')).toEqual(expect.arrayContaining(['list', 'read']))

    // 3. A deleted policy file deletes the policy (the broken file is fixed again first).
    writeFileSync(join(dir, 'policies/reader.hcl'), READER_LIST)
    rmSync(join(dir, 'policies/extra.hcl'))
    await eventually(async () => (await vault.request('GET', 'sys/policies/acl/extra')).status, (s) => s === 404)

    // 4. A new role file creates the role.
    writeFileSync(join(dir, 'roles/deploy.yaml'), '- mount: auth/approle\n  kind: role\n  name: deploy\n  token_policies: [reader]\n  token_ttl: 10m\n')
    const role = await eventually(async () => vault.request('GET', 'auth/approle/role/deploy'), (r) => r.status === 200)
    expect((role.value.json as { data: { token_policies: string[] } }).data.token_policies).toEqual(['reader'])

    // Secrets, tokens and the seed data survived every reload.
    const secret = await vault.request('GET', 'secret/data/app', { token })
    expect(secret.status).toBe(200)
    expect((secret.json as { data: { data: unknown } }).data.data).toEqual({ password: 'hunter2' })
    expect((await vault.request('GET', 'auth/token/lookup-self', { token })).status).toBe(200)
    expect(((await vault.request('GET', 'secret/data/seeded')).json as { data: { metadata: { version: number } } }).data.metadata.version).toBe(1)
    expect(lines.join('\n')).toMatch(/config reloaded: .*updated policy reader/)
    expect(lines.join('\n')).toMatch(/deleted policy extra/)
    expect(lines.join('\n')).toMatch(/created role auth\/approle\/role\/deploy/)
  })

  it('removes a role whose file is deleted, and reports a blocked reload as invalid', async () => {
    const dir = folder({ 'vault.config.yaml': CONFIG, 'policies/reader.hcl': READER, 'roles/ci.yaml': CI_ROLE })
    cleanup.push(() => rmSync(dir, { recursive: true, force: true }))
    const vault = await createVaultEmulator({ config: dir })
    cleanup.push(() => vault.stop())
    const watcher = await watchConfig(vault, dir, { debounceMs: 20 })
    cleanup.push(() => watcher.close())

    // A role naming a policy nobody wrote is an error of validate: nothing is applied.
    writeFileSync(join(dir, 'roles/ci.yaml'), '- mount: auth/approle\n  kind: role\n  name: ci\n  token_policies: [nobody]\n')
    const blocked = await watcher.reload()
    expect(blocked.status).toBe('invalid')
    expect(blocked.problems[0]).toMatchObject({ rule: 'unknown-policy', line: 4 })
    expect(((await vault.request('GET', 'auth/approle/role/ci')).json as { data: { token_policies: string[] } }).data.token_policies).toEqual(['reader'])

    rmSync(join(dir, 'roles/ci.yaml'))
    const removed = await watcher.reload()
    expect(removed).toMatchObject({ status: 'applied', changes: ['deleted role auth/approle/role/ci'], failures: [] })
    expect((await vault.request('GET', 'auth/approle/role/ci')).status).toBe(404)
    expect((await watcher.reload()).status).toBe('unchanged')
  })
})

describe('diffConfig', () => {
  const diff = (before: VaultConfig, after: VaultConfig): string[] =>
    diffConfig(appliedState(readConfig(before)), appliedState(readConfig(after))).changes.map((c) =>
      c.action === 'skip' ? `skip ${c.object?.key ?? ''}` : c.action === 'tune' ? `tune ${c.step.path}` : `${c.action} ${c.object.key}`,
    )

  it('writes only new and changed objects, tunes mounts, never deletes data', () => {
    const before: VaultConfig = { secrets: { kv: { type: 'kv-v2', data: { a: { x: 1 }, b: { y: 2 } } }, transit: { type: 'transit', keys: { app: { type: 'aes256-gcm96' } } } } }
    const after: VaultConfig = { secrets: { kv: { type: 'kv-v2', description: 'now described', data: { a: { x: 1 }, c: { z: 3 } } }, transit: { type: 'transit', keys: { app: { type: 'aes256-gcm96' } } } } }
    expect(diff(before, after)).toEqual(['tune sys/mounts/kv/tune', 'write api:kv/data/c', 'skip api:kv/data/b'])
    expect(diff(before, before)).toEqual([])
  })

  it('reports server changes and removed mounts instead of applying them', () => {
    const before: VaultConfig = { server: { root_token: 'a' }, secrets: { transit: { type: 'transit' } }, auth: { approle: { type: 'approle', description: 'x' } } }
    const after: VaultConfig = { server: { root_token: 'b' }, auth: { approle: { type: 'approle', description: 'y' } } }
    expect(diff(before, after)).toEqual(['tune sys/auth/approle/tune', 'skip server', 'skip secret:transit'])
  })

  it('rewrites what lived in a mount whose type changed', () => {
    const before: VaultConfig = { secrets: { store: { type: 'kv-v1', data: { a: { x: 1 } } } } }
    const after: VaultConfig = { secrets: { store: { type: 'kv-v2', data: { a: { x: 1 } } } } }
    expect(diff(before, after)).toEqual(['write secret:store', 'write api:store/data/a', 'skip api:store/a'])
  })
})

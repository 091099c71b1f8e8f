import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { Core } from '../core.js'
import { callVault } from '../../transport/in-process.js'
import { createVaultEmulator } from '../../emulator.js'
import type { AuditLogEntry } from './entry-types.js'

let core: Core
let dir: string
const HMAC = /^hmac-sha256:[0-9a-f]{64}$/

const call = (method: string, path: string, data?: unknown, token = 'root') => callVault(core, method, path, { token, data })

function readLog(file: string): AuditLogEntry[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as AuditLogEntry)
}

async function enableFile(name: string, options: Record<string, string> = {}): Promise<string> {
  const file = join(dir, `${name}.log`)
  const reply = await call('PUT', `sys/audit/${name}`, { type: 'file', options: { file_path: file, ...options } })
  expect(reply.status).toBe(204)
  return file
}

function entriesFor(entries: AuditLogEntry[], path: string): { request: AuditLogEntry; response: AuditLogEntry } {
  const request = entries.find((e) => e.type === 'request' && e.request?.path === path)
  const response = entries.find((e) => e.type === 'response' && e.request?.path === path)
  if (!request || !response) throw new Error(`no entries for ${path}`)
  return { request, response }
}

async function tokenWith(policy: string): Promise<{ id: string; accessor: string }> {
  await core.policies.set('app', policy)
  return core.tokens.create({ policies: ['app', 'default'], path: 'auth/token/create', displayName: 'token-app', ttl: 3600, mountMaxTtl: 2764800 })
}

beforeEach(async () => {
  core = await Core.create({ clock: { mode: 'frozen', start: '2030-01-01T00:00:00Z' } })
  dir = mkdtempSync(join(tmpdir(), 'vault-emu-audit-'))
})

afterEach(async () => {
  await core.stop()
  rmSync(dir, { recursive: true, force: true })
})

describe('file device entries', () => {
  it('writes a request and a response entry for each request, in Vault 1.17 shape', async () => {
    const file = await enableFile('file')
    await call('PUT', 'secret/data/app', { data: { password: 'p4ssw0rd-never-in-clear' } })
    const app = await tokenWith('path "secret/data/app" { capabilities = ["read"] }')
    await core.clock.set('2030-01-01T00:00:01.500Z')
    expect((await call('GET', 'secret/data/app', undefined, app.id)).status).toBe(200)

    const { request, response } = entriesFor(readLog(file).filter((e) => e.request?.operation === 'read'), 'secret/data/app')
    expect(Object.keys(request)).toEqual(['auth', 'request', 'time', 'type'])
    expect(Object.keys(response)).toEqual(['auth', 'request', 'response', 'time', 'type'])
    expect(request.time).toBe('2030-01-01T00:00:01.5Z')
    expect(request.auth).toEqual({
      accessor: expect.stringMatching(HMAC),
      client_token: expect.stringMatching(HMAC),
      display_name: 'token-app',
      policies: ['app', 'default'],
      policy_results: { allowed: true, granting_policies: [{ name: 'app', namespace_id: 'root', type: 'acl' }] },
      token_policies: ['app', 'default'],
      token_issue_time: '2030-01-01T00:00:00Z',
      token_ttl: 3600,
      token_type: 'service',
    })
    // A read is logged before routing: Vault has not filled in mount_point and mount_accessor yet.
    expect(request.request).toEqual({
      client_id: expect.any(String),
      client_token: request.auth?.client_token,
      client_token_accessor: request.auth?.accessor,
      id: expect.any(String),
      mount_class: 'secret',
      mount_running_version: 'v0.20.0+builtin',
      mount_type: 'kv',
      namespace: { id: 'root' },
      operation: 'read',
      path: 'secret/data/app',
      remote_address: '127.0.0.1',
    })
    expect(response.request).toMatchObject({ id: request.request?.id, mount_point: 'secret/', mount_accessor: expect.stringMatching(/^kv_/) })
    expect(response.response).toMatchObject({
      data: { data: { password: expect.stringMatching(HMAC) }, metadata: { created_time: '2030-01-01T00:00:00Z', version: 1 } },
      mount_class: 'secret',
      mount_point: 'secret/',
      mount_running_plugin_version: 'v0.20.0+builtin',
      mount_type: 'kv',
    })
    const text = readFileSync(file, 'utf8')
    expect(text).not.toContain('p4ssw0rd-never-in-clear')
    expect(text).not.toContain(app.id)
    expect(text).not.toContain(app.accessor)
  })

  it('hashes with the device salt: sys/audit-hash finds a value in the log', async () => {
    const file = await enableFile('file')
    await call('PUT', 'secret/data/leak', { data: { api_key: 'AKIA-LEAKED' } })
    const hash = await call('PUT', 'sys/audit-hash/file', { input: 'AKIA-LEAKED' })
    expect(hash.status).toBe(200)
    const hashed = (hash.json as { hash: string; data: { hash: string } }).hash
    expect(hashed).toMatch(HMAC)
    expect((hash.json as { data: { hash: string } }).data.hash).toBe(hashed)
    const write = entriesFor(readLog(file), 'secret/data/leak')
    expect(write.request.request?.data).toEqual({ data: { api_key: hashed } })
    expect(core.audit.hash('file', 'AKIA-LEAKED')).toBe(hashed)
  })

  it('gives every device its own salt', async () => {
    await enableFile('a')
    await enableFile('b')
    expect(core.audit.hash('a', 'x')).not.toBe(core.audit.hash('b', 'x'))
    expect(core.audit.hash('a/', 'x')).toBe(core.audit.hash('a', 'x'))
  })

  it('log_raw=true writes tokens and values in the clear', async () => {
    const file = await enableFile('raw', { log_raw: 'true' })
    await call('PUT', 'secret/data/app', { data: { password: 'visible' } })
    const { request } = entriesFor(readLog(file), 'secret/data/app')
    expect(request.auth?.client_token).toBe('root')
    expect(request.request?.data).toEqual({ data: { password: 'visible' } })
  })

  it('hmac_accessor=false leaves accessors clear but still hashes tokens', async () => {
    const file = await enableFile('acc', { hmac_accessor: 'false' })
    const app = await tokenWith('path "secret/*" { capabilities = ["read"] }')
    await call('GET', 'secret/data/none', undefined, app.id)
    const created = await call('POST', 'auth/token/create', { policies: ['default'] })
    const issued = (created.json as { auth: { accessor: string; client_token: string } }).auth
    const entries = readLog(file)
    const read = entriesFor(entries, 'secret/data/none')
    expect(read.request.auth?.accessor).toBe(app.accessor)
    expect(read.request.request?.client_token_accessor).toBe(app.accessor)
    expect(read.request.auth?.client_token).toMatch(HMAC)
    const create = entriesFor(entries, 'auth/token/create')
    expect(create.response.response?.auth).toMatchObject({ accessor: issued.accessor, client_token: core.audit.hash('acc', issued.client_token) })
  })

  it('keeps keys the mount lists in audit_non_hmac_*_keys clear', async () => {
    const file = await enableFile('file')
    expect((await call('POST', 'sys/mounts/secret/tune', { audit_non_hmac_request_keys: 'username', audit_non_hmac_response_keys: ['username'] })).status).toBe(204)
    await call('PUT', 'secret/data/db', { data: { username: 'app', password: 'hidden' } })
    await call('GET', 'secret/data/db')
    const entries = readLog(file)
    const write = entriesFor(entries, 'secret/data/db')
    expect(write.request.request?.data).toEqual({ data: { password: expect.stringMatching(HMAC), username: 'app' } })
    const read = entries.find((e) => e.type === 'response' && e.request?.operation === 'read' && e.request.path === 'secret/data/db')
    expect(read?.response?.data?.['data']).toEqual({ password: expect.stringMatching(HMAC), username: 'app' })
  })

  it('keeps fields declared sensitive hashed even when the mount lists them', async () => {
    const file = await enableFile('file')
    expect((await call('POST', 'sys/auth/token/tune', { audit_non_hmac_request_keys: ['token'] })).status).toBe(204)
    const app = await tokenWith('path "x" { capabilities = ["read"] }')
    await call('POST', 'auth/token/lookup', { token: app.id })
    const { request } = entriesFor(readLog(file), 'auth/token/lookup')
    expect(request.request?.data).toEqual({ token: core.audit.hash('file', app.id) })
  })

  it('logs the token a login issues, hashed, under response.auth', async () => {
    const file = await enableFile('file')
    const created = await call('POST', 'auth/token/create', { policies: ['default'], ttl: '1h', meta: { team: 'web' } })
    const issued = (created.json as { auth: { accessor: string; client_token: string } }).auth
    const { response } = entriesFor(readLog(file), 'auth/token/create')
    expect(response.response?.auth).toEqual({
      accessor: core.audit.hash('file', issued.accessor),
      client_token: core.audit.hash('file', issued.client_token),
      display_name: 'token',
      metadata: { team: 'web' },
      policies: ['default'],
      token_policies: ['default'],
      token_issue_time: '2030-01-01T00:00:00Z',
      token_ttl: 3600,
      token_type: 'service',
    })
  })

  it('logs a login: no caller yet, the password hashed, the issued token under response.auth', async () => {
    expect((await call('POST', 'sys/auth/userpass', { type: 'userpass' })).status).toBe(204)
    expect((await call('POST', 'auth/userpass/users/alice', { password: 'alice-pw', token_policies: 'default' })).status).toBe(204)
    const file = await enableFile('file')
    const login = await callVault(core, 'POST', 'auth/userpass/login/alice', { data: { password: 'alice-pw' } })
    expect(login.status).toBe(200)
    const token = (login.json as { auth: { client_token: string } }).auth.client_token
    const { request, response } = entriesFor(readLog(file), 'auth/userpass/login/alice')
    expect(request.auth).toEqual({ policy_results: { allowed: true }, token_type: 'default' })
    expect(request.request?.data).toEqual({ password: core.audit.hash('file', 'alice-pw') })
    expect(request.request).toMatchObject({ mount_type: 'userpass', mount_point: 'auth/userpass/', operation: 'update' })
    expect(response.response?.auth).toMatchObject({ client_token: core.audit.hash('file', token), display_name: 'userpass-alice', token_type: 'service' })
    expect(readFileSync(file, 'utf8')).not.toContain('alice-pw')
  })

  it('logs a denied request with its error, and the denial as response.data.error', async () => {
    const file = await enableFile('file')
    const app = await tokenWith('path "secret/data/app" { capabilities = ["read"] }')
    expect((await call('GET', 'secret/data/other', undefined, app.id)).status).toBe(403)
    const { request, response } = entriesFor(readLog(file), 'secret/data/other')
    expect(request.error).toBe('permission denied')
    expect(request.auth?.policy_results).toEqual({ allowed: false })
    expect(response.error).toBe('1 error occurred:\n\t* permission denied\n\n')
    expect(response.response).toEqual({ data: { error: core.audit.hash('file', 'permission denied') } })
  })

  it('logs an unknown token with an empty auth block', async () => {
    const file = await enableFile('file')
    expect((await call('GET', 'secret/data/app', undefined, 'hvs.not-a-token')).status).toBe(403)
    const { request, response } = entriesFor(readLog(file), 'secret/data/app')
    expect(request.auth).toEqual({ token_type: 'default' })
    expect(request.request?.client_token).toBe(core.audit.hash('file', 'hvs.not-a-token'))
    expect(response.error).toBe('1 error occurred:\n\t* permission denied\n\n')
  })

  it('logs a 400 from a backend as an error response (response.data.error, no top-level error)', async () => {
    const file = await enableFile('file', { log_raw: 'true' })
    expect((await call('PUT', 'sys/audit/other', { type: 'nope' })).status).toBe(400)
    const { response } = entriesFor(readLog(file), 'sys/audit/other')
    expect(response.error).toBeUndefined()
    expect(response.response?.data).toEqual({ error: 'unknown backend type: "nope"' })
  })

  it('elide_list_responses replaces list keys by their count', async () => {
    const file = await enableFile('file', { elide_list_responses: 'true' })
    await call('PUT', 'secret/data/a', { data: { k: 'v' } })
    await call('PUT', 'secret/data/b', { data: { k: 'v' } })
    await call('LIST', 'secret/metadata')
    const { response } = entriesFor(readLog(file), 'secret/metadata/')
    expect(response.response?.data).toEqual({ keys: 2 })
  })

  it('writes the test entry when a device is enabled, then the enable response', async () => {
    const file = await enableFile('file')
    const [probe, enabled] = readLog(file)
    expect(probe).toMatchObject({ auth: { token_type: 'default' }, request: { namespace: { id: 'root' }, operation: 'update', path: 'sys/audit/test' }, type: 'request' })
    expect(enabled).toMatchObject({ type: 'response', request: { path: 'sys/audit/file' } })
  })

  it('does not audit what Vault serves outside request handling (sys/health, sys/seal-status)', async () => {
    const file = await enableFile('file')
    await call('GET', 'sys/health')
    await call('GET', 'sys/seal-status')
    expect(readLog(file).map((e) => e.request?.path)).not.toContain('sys/health')
  })

  it('keeps devices and their salts in storage: a restore brings them back', async () => {
    await enableFile('file')
    const before = core.audit.hash('file', 'x')
    const dump = core.storage.dump()
    await call('DELETE', 'sys/audit/file')
    expect(() => core.audit.hash('file', 'x')).toThrow('unknown audit backend "file/"')
    core.storage.load(dump)
    await core.reloadFromStorage()
    expect(core.audit.hash('file', 'x')).toBe(before)
    expect(Object.keys((await call('GET', 'sys/audit')).json as object)).toContain('file/')
  })
})

describe('memory devices and vault.audit', () => {
  it('keeps parsed entries for tests; clear() forgets them', async () => {
    await using vault = await createVaultEmulator()
    expect((await vault.request('PUT', 'sys/audit/memory', { data: { type: 'memory' } })).status).toBe(204)
    vault.audit.clear()
    await vault.request('PUT', 'secret/data/app', { data: { data: { password: 'pw' } } })
    await vault.request('GET', 'secret/data/app')
    const entries = vault.audit.entries()
    expect(entries.map((e) => `${e.type} ${e.request?.operation} ${e.request?.path}`)).toEqual([
      'request create secret/data/app',
      'response create secret/data/app',
      'request read secret/data/app',
      'response read secret/data/app',
    ])
    expect(entries[3]?.response?.data?.['data']).toEqual({ password: vault.audit.hash('memory', 'pw') })
    expect(vault.audit.entries('memory/')).toHaveLength(4)
    vault.audit.clear('memory')
    expect(vault.audit.entries()).toEqual([])
  })

  it('entries() is empty without memory devices', async () => {
    await using vault = await createVaultEmulator()
    expect(vault.audit.entries()).toEqual([])
  })
})

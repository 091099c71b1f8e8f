import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { Core } from '../../core/core.js'
import { callVault } from '../../transport/in-process.js'

let core: Core
let dir: string
const call = (method: string, path: string, data?: unknown, token = 'root') => callVault(core, method, path, { token, data })
const error = (status: number, message: string) => ({ status, json: { errors: [message] } })

beforeEach(async () => {
  core = await Core.create()
  dir = mkdtempSync(join(tmpdir(), 'vault-emu-sys-audit-'))
})

afterEach(async () => {
  await core.stop()
  rmSync(dir, { recursive: true, force: true })
})

describe('sys/audit', () => {
  it('enables, lists and disables devices (what `vault audit enable/list/disable` send)', async () => {
    const file = join(dir, 'audit.log')
    // vault audit enable file file_path=...
    expect((await call('PUT', 'sys/audit/file', { type: 'file', description: '', options: { file_path: file }, local: false })).status).toBe(204)
    // vault audit enable -path=mem memory
    expect((await call('PUT', 'sys/audit/mem', { type: 'memory' })).status).toBe(204)
    const listed = await call('GET', 'sys/audit')
    expect(listed.status).toBe(200)
    const expected = {
      'file/': { description: '', local: false, options: { file_path: file }, path: 'file/', type: 'file' },
      'mem/': { description: '', local: false, options: {}, path: 'mem/', type: 'memory' },
    }
    // Injected: the table sits at the top level and under data.
    expect(listed.json).toMatchObject({ ...expected, data: expected })
    expect((await call('DELETE', 'sys/audit/file')).status).toBe(204)
    expect((await call('DELETE', 'sys/audit/file')).status).toBe(204)
    expect(Object.keys((await call('GET', 'sys/audit')).json as { data: object })).toContain('mem/')
    expect((await call('GET', 'sys/audit')).json).toMatchObject({ data: { 'mem/': { type: 'memory' } } })
    expect(((await call('GET', 'sys/audit')).json as { data: object }).data).not.toHaveProperty('file/')
  })

  it('answers an empty table when nothing is enabled', async () => {
    expect((await call('GET', 'sys/audit')).json).toMatchObject({ data: {} })
  })

  it('refuses a path in use, or one nested in (or around) a device', async () => {
    expect((await call('PUT', 'sys/audit/file', { type: 'memory' })).status).toBe(204)
    expect(await call('PUT', 'sys/audit/file', { type: 'memory' })).toMatchObject(error(400, 'path already in use'))
    expect(await call('PUT', 'sys/audit/file/sub', { type: 'memory' })).toMatchObject(error(400, 'path already in use'))
  })

  it('refuses unknown types and bad options with Vault messages', async () => {
    expect(await call('PUT', 'sys/audit/x', { type: 'carrier-pigeon' })).toMatchObject(error(400, 'unknown backend type: "carrier-pigeon"'))
    expect(await call('PUT', 'sys/audit/x', { type: 'file' })).toMatchObject(error(400, '"file_path" is required: invalid configuration'))
    expect(await call('PUT', 'sys/audit/x', { type: 'file', options: { file_path: 'discard', log_raw: 'maybe' } })).toMatchObject(error(400, 'unable to parse "log_raw": invalid configuration'))
    expect(await call('PUT', 'sys/audit/x', { type: 'file', options: { file_path: 'discard', format: 'xml' } })).toMatchObject(error(400, 'unsupported "format": invalid configuration'))
    expect(await call('PUT', 'sys/audit/x', { type: 'syslog', options: { facility: 'nope' } })).toMatchObject(error(400, 'cannot create syslog logger: invalid syslog facility: NOPE'))
    expect(await call('PUT', 'sys/audit/x', { type: 'socket' })).toMatchObject({ status: 400 })
    expect((await call('PUT', 'sys/audit/x', { type: 'file', options: { file_path: 'DISCARD', format: 'json', mode: '0640', prefix: 'vault: ' } })).status).toBe(204)
  })

  it('needs sudo to list, enable or disable', async () => {
    await core.policies.set('ops', 'path "sys/audit*" { capabilities = ["create", "read", "update", "delete", "list"] }')
    const ops = core.tokens.create({ policies: ['ops'], path: 'auth/token/create', displayName: 'token', ttl: 3600, mountMaxTtl: 2764800 }).id
    const denied = error(403, '1 error occurred:\n\t* permission denied\n\n')
    expect(await call('GET', 'sys/audit', undefined, ops)).toMatchObject(denied)
    expect(await call('PUT', 'sys/audit/m', { type: 'memory' }, ops)).toMatchObject(denied)
    expect(core.audit.list()).toEqual({})
  })
})

describe('sys/audit-hash', () => {
  it('hashes with the device salt (injected `hash`)', async () => {
    await call('PUT', 'sys/audit/file', { type: 'memory' })
    const reply = await call('PUT', 'sys/audit-hash/file', { input: 'plaintext' })
    expect(reply.status).toBe(200)
    const body = reply.json as { hash: string; data: { hash: string } }
    expect(body.hash).toMatch(/^hmac-sha256:[0-9a-f]{64}$/)
    expect(body.data.hash).toBe(body.hash)
    expect(core.audit.hash('file/', 'plaintext')).toBe(body.hash)
  })

  it('answers Vault errors for empty input and unknown devices', async () => {
    await call('PUT', 'sys/audit/file', { type: 'memory' })
    expect(await call('PUT', 'sys/audit-hash/file', { input: '' })).toMatchObject(error(400, 'the "input" parameter is empty'))
    expect(await call('PUT', 'sys/audit-hash/file', {})).toMatchObject(error(400, 'the "input" parameter is empty'))
    expect(await call('PUT', 'sys/audit-hash/nope', { input: 'x' })).toMatchObject(error(400, 'unknown audit backend "nope/"'))
  })

  it('gives a new salt to a device enabled again at the same path', async () => {
    await call('PUT', 'sys/audit/file', { type: 'memory' })
    const first = ((await call('PUT', 'sys/audit-hash/file', { input: 'x' })).json as { hash: string }).hash
    await call('DELETE', 'sys/audit/file')
    await call('PUT', 'sys/audit/file', { type: 'memory' })
    expect(((await call('PUT', 'sys/audit-hash/file', { input: 'x' })).json as { hash: string }).hash).not.toBe(first)
  })
})

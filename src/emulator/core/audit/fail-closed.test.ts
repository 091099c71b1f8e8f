import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { Core } from '../core.js'
import { callVault } from '../../transport/in-process.js'

let core: Core
let dir: string
let logs: string[]

const call = (method: string, path: string, data?: unknown, token = 'root') => callVault(core, method, path, { token, data })
const REFUSED = { status: 500, json: { errors: ['1 error occurred:\n\t* internal error\n\n'] } }

/** A log path nothing can be written to, even as root: a directory sits there. */
function blockedPath(): string {
  const path = join(dir, 'blocked.log')
  mkdirSync(path)
  return path
}

beforeEach(async () => {
  logs = []
  core = await Core.create({ log: (message) => void logs.push(message) })
  dir = mkdtempSync(join(tmpdir(), 'vault-emu-audit-'))
})

afterEach(async () => {
  await core.stop()
  rmSync(dir, { recursive: true, force: true })
})

describe('fail closed', () => {
  it('refuses every request when no device can write, and runs no handler', async () => {
    const path = blockedPath()
    // skip_test: the device is enabled without its test entry (as a device whose disk fills up later would be).
    const enabled = await call('PUT', 'sys/audit/blocked', { type: 'file', options: { file_path: path, skip_test: 'true' } })
    // Vault logs the enable's own response to the new device; it cannot, so even that answer is a 500.
    expect(enabled).toMatchObject({ status: 500 })
    expect(Object.keys(core.audit.list())).toEqual(['blocked/'])

    expect(await call('PUT', 'secret/data/unaudited', { data: { password: 'x' } })).toMatchObject(REFUSED)
    expect(await call('GET', 'sys/audit')).toMatchObject(REFUSED)
    const tokensBefore = core.tokens.allIds().length
    expect(await call('POST', 'auth/token/create', { policies: ['default'] })).toMatchObject(REFUSED)
    expect(core.tokens.allIds()).toHaveLength(tokensBefore)
    expect(logs.some((m) => m.includes(`audit device "blocked/" failed to log the request: open ${path}: is a directory`))).toBe(true)

    // Once the device is gone, the refused write turns out never to have happened.
    core.audit.disable('blocked')
    expect((await call('GET', 'secret/data/unaudited')).status).toBe(404)
  })

  it('refuses requests when the disk is full (a device writing to /dev/full)', async () => {
    if (!existsSync('/dev/full')) return // Linux only: no other way to fill a disk for a test
    expect((await call('PUT', 'sys/audit/full', { type: 'file', options: { file_path: '/dev/full', skip_test: 'true' } })).status).toBe(500)
    expect(await call('PUT', 'secret/data/x', { data: { k: 'v' } })).toMatchObject(REFUSED)
    expect(logs.some((m) => m.includes('write /dev/full: no space left on device'))).toBe(true)
    core.audit.disable('full')
    expect((await call('GET', 'secret/data/x')).status).toBe(404)
  })

  it('serves requests while at least one of two devices logs them', async () => {
    const good = join(dir, 'good.log')
    expect((await call('PUT', 'sys/audit/good', { type: 'file', options: { file_path: good } })).status).toBe(204)
    expect((await call('PUT', 'sys/audit/blocked', { type: 'file', options: { file_path: blockedPath(), skip_test: 'true' } })).status).toBe(204)
    expect((await call('PUT', 'secret/data/app', { data: { k: 'v' } })).status).toBe(200)
    expect((await call('GET', 'secret/data/app')).status).toBe(200)
    const paths = readFileSync(good, 'utf8').trim().split('\n').map((line) => (JSON.parse(line) as { request: { path: string } }).request.path)
    expect(paths.filter((p) => p === 'secret/data/app')).toHaveLength(4)
    expect(logs.filter((m) => m.includes('audit device "blocked/" failed'))).not.toHaveLength(0)
  })

  it('does not enable a file device whose test entry cannot be written', async () => {
    const path = blockedPath()
    const reply = await call('PUT', 'sys/audit/blocked', { type: 'file', options: { file_path: path } })
    expect(reply).toMatchObject({ status: 400, json: { errors: [`audit backend failed test message: open ${path}: is a directory`] } })
    expect(core.audit.list()).toEqual({})
    expect((await call('PUT', 'secret/data/app', { data: { k: 'v' } })).status).toBe(200)
  })

  it('creates the directories of a log path, as Vault does', async () => {
    const nested = join(dir, 'a', 'b', 'audit.log')
    expect((await call('PUT', 'sys/audit/file', { type: 'file', options: { file_path: nested } })).status).toBe(204)
    expect(readFileSync(nested, 'utf8')).toContain('sys/audit/test')
  })
})

import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createVaultEmulator } from '../emulator.js'
import type { VaultEmulator } from '../emulator.js'
import { serveEmuControl } from '../transport/emu-control.js'
import { FaultError } from './faults.js'
import type { LeaseRecord } from './leases.js'

let vault: VaultEmulator
let dir: string

beforeEach(async () => {
  vault = await createVaultEmulator({ clock: { mode: 'frozen', start: '2030-01-01T00:00:00Z' } })
  dir = mkdtempSync(join(tmpdir(), 'vault-emu-faults-'))
})

afterEach(async () => {
  await vault.stop()
  rmSync(dir, { recursive: true, force: true })
})

const REFUSED = { status: 500, json: { errors: ['1 error occurred:\n\t* internal error\n\n'] } }

/** A lease on `secret/` without backend hooks: only the expiration manager (and the faults) act on it. */
function lease(name = 'x'): LeaseRecord {
  return vault.core.expiration.register(`secret/data/${name}`, 'secret/', '', { type: 'none', internal: {}, ttl: 3600 })
}

function faultLines(entries: Array<{ type: string }>): unknown[] {
  return entries.filter((e) => e.type === 'emulator-fault')
}

async function enableMemoryAudit(path = 'memory'): Promise<void> {
  expect((await vault.request('PUT', `sys/audit/${path}`, { data: { type: 'memory' } })).status).toBe(204)
}

function control(method: string, body?: unknown, token = 'root') {
  return serveEmuControl(vault.core, {
    method,
    url: '/_emu/faults',
    headers: { 'x-vault-token': token },
    body: body === undefined ? undefined : Buffer.from(JSON.stringify(body)),
    remoteAddress: '127.0.0.1',
  })
}

describe('faults.seal() / unseal()', () => {
  it('answers 503 while sealed, keeps the state, and logs both changes', async () => {
    const log = join(dir, 'audit.log')
    expect((await vault.request('PUT', 'sys/audit/file', { data: { type: 'file', options: { file_path: log } } })).status).toBe(204)
    await vault.request('PUT', 'secret/data/app', { data: { data: { password: 's3cr3t' } } })

    await vault.faults.seal()
    expect(vault.core.sealStatus().sealed).toBe(true)
    expect(vault.faults.list()).toEqual([{ kind: 'seal' }])
    const sealed = await vault.request('GET', 'secret/data/app')
    expect(sealed).toMatchObject({ status: 503, json: { errors: ['Vault is sealed'] } })
    await expect(vault.faults.seal()).rejects.toThrow(FaultError)

    await vault.faults.unseal()
    expect(vault.faults.list()).toEqual([])
    const read = await vault.request('GET', 'secret/data/app')
    expect(read.status).toBe(200)
    expect((read.json as { data: { data: unknown } }).data.data).toEqual({ password: 's3cr3t' })

    const lines = readFileSync(log, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { type: string; fault?: unknown })
    expect(faultLines(lines)).toEqual([
      { type: 'emulator-fault', time: expect.any(String), fault: { action: 'inject', kind: 'seal' } },
      { type: 'emulator-fault', time: expect.any(String), fault: { action: 'clear', kind: 'seal' } },
    ])
    // Vault's own lines are untouched: requests and responses only, besides the fault lines.
    expect(new Set(lines.map((l) => l.type))).toEqual(new Set(['request', 'response', 'emulator-fault']))
  })

  it('is undone by restore()', async () => {
    const clean = vault.snapshot()
    await vault.faults.seal()
    await vault.restore(clean)
    expect(vault.core.sealStatus().sealed).toBe(false)
    expect((await vault.request('GET', 'sys/mounts')).status).toBe(200)
  })
})

describe('faults.failRenewals(n)', () => {
  it('fails the next n renewals with a 500, then renews again', async () => {
    await enableMemoryAudit()
    const { id } = lease()
    vault.faults.failRenewals(2)
    expect(vault.faults.list()).toEqual([{ kind: 'fail-renewals', remaining: 2 }])
    for (let i = 0; i < 2; i++) {
      const failed = await vault.request('PUT', 'sys/leases/renew', { data: { lease_id: id, increment: 600 } })
      expect(failed.status).toBe(500)
      expect(JSON.stringify(failed.json)).toContain('injected fault: lease renewal failed')
    }
    expect(vault.faults.list()).toEqual([])
    expect((await vault.request('PUT', 'sys/leases/renew', { data: { lease_id: id, increment: 600 } })).status).toBe(200)
    expect(faultLines(vault.audit.entries())).toEqual([
      { type: 'emulator-fault', time: expect.any(String), fault: { action: 'inject', kind: 'fail-renewals', count: 2 } },
    ])
  })
})

describe('faults.failRevocations(n)', () => {
  it('fails an explicit revocation (the lease stays)', async () => {
    const { id } = lease()
    vault.faults.failRevocations(1)
    expect((await vault.request('PUT', 'sys/leases/revoke', { data: { lease_id: id } })).status).toBe(500)
    expect(vault.core.expiration.get(id)).toBeDefined()
    expect((await vault.request('PUT', 'sys/leases/revoke', { data: { lease_id: id } })).status).toBe(204)
    expect(vault.core.expiration.get(id)).toBeUndefined()
  })

  it('sends an expiring lease through the retries to irrevocable', async () => {
    const { id } = lease()
    vault.faults.failRevocations(6)
    await vault.clock.advance('1h')
    expect(vault.core.expiration.get(id)?.revokeAttempts).toBe(1)
    // Retries back off 10s, 20s, 40s, 80s, 160s: the sixth failure gives up.
    await vault.clock.advance('10m')
    expect(vault.core.expiration.irrevocable().map((l) => l.id)).toEqual([id])
    expect(vault.faults.list()).toEqual([])
  })

  it('lets the retry succeed when fewer revocations fail', async () => {
    const { id } = lease()
    vault.faults.failRevocations(2)
    await vault.clock.advance('1h')
    expect(vault.core.expiration.get(id)).toBeDefined()
    await vault.clock.advance('1m')
    expect(vault.core.expiration.get(id)).toBeUndefined()
    expect(vault.core.expiration.irrevocable()).toEqual([])
  })
})

describe('faults.failAudit(path?)', () => {
  it('makes requests fail closed when no device can log, logged before it takes effect', async () => {
    await enableMemoryAudit()
    vault.faults.failAudit()
    expect(await vault.request('GET', 'sys/mounts')).toMatchObject(REFUSED)
    expect(await vault.request('PUT', 'secret/data/refused', { data: { data: { a: 1 } } })).toMatchObject(REFUSED)
    await vault.faults.clear()
    expect((await vault.request('GET', 'secret/data/refused')).status).toBe(404)
    expect(faultLines(vault.audit.entries())).toEqual([
      { type: 'emulator-fault', time: expect.any(String), fault: { action: 'inject', kind: 'fail-audit', path: null } },
      { type: 'emulator-fault', time: expect.any(String), fault: { action: 'clear', kind: 'fail-audit' } },
    ])
  })

  it('one failing device among several: requests are still served', async () => {
    await enableMemoryAudit('a')
    await enableMemoryAudit('b')
    vault.faults.failAudit('a')
    expect(vault.faults.list()).toEqual([{ kind: 'fail-audit', path: 'a/' }])
    vault.audit.clear()
    expect((await vault.request('GET', 'sys/mounts')).status).toBe(200)
    expect(vault.audit.entries('a')).toEqual([])
    expect(vault.audit.entries('b').map((e) => e.type)).toEqual(['request', 'response'])
  })

  it('refuses a device that is not enabled', async () => {
    expect(() => vault.faults.failAudit()).toThrow('no audit device is enabled')
    await enableMemoryAudit()
    expect(() => vault.faults.failAudit('nope')).toThrow('no audit device at "nope/"')
  })
})

describe('faults.latency()', () => {
  it('delays every response by wall time, whatever the emulated clock does', async () => {
    vault.faults.latency('80ms')
    expect(vault.faults.list()).toEqual([{ kind: 'latency', ms: 80 }])
    let started = performance.now()
    expect((await vault.request('GET', 'sys/mounts')).status).toBe(200)
    expect(performance.now() - started).toBeGreaterThanOrEqual(75)
    vault.faults.latency(0)
    started = performance.now()
    await vault.request('GET', 'sys/mounts')
    expect(performance.now() - started).toBeLessThan(75)
    expect(() => vault.faults.latency('soon')).toThrow(FaultError)
  })
})

describe('restore() and clear()', () => {
  it('undo every fault at once', async () => {
    await enableMemoryAudit()
    const clean = vault.snapshot()
    vault.faults.databaseDown()
    vault.faults.failRenewals(3)
    vault.faults.failRevocations(3)
    vault.faults.latency(5)
    vault.faults.failAudit('memory')
    expect(vault.faults.list().map((f) => f.kind)).toEqual(['database-down', 'fail-renewals', 'fail-revocations', 'fail-audit', 'latency'])
    await vault.restore(clean)
    expect(vault.faults.list()).toEqual([])
    expect(vault.faults.active).toBe(false)
    expect((await vault.request('GET', 'sys/mounts')).status).toBe(200)
  })
})

describe('/_emu/faults', () => {
  it('lists and sets faults for the root token only', async () => {
    const token = await vault.token()
    expect((await control('GET', undefined, token)).status).toBe(403)
    expect(JSON.parse(String((await control('GET')).body))).toEqual({ faults: [] })

    const set = await control('POST', { database_down: true, fail_renewals: 2, latency: '1ms' })
    expect(set.status).toBe(200)
    expect(JSON.parse(String(set.body))).toEqual({
      faults: [{ kind: 'database-down' }, { kind: 'fail-renewals', remaining: 2 }, { kind: 'latency', ms: 1 }],
    })
    expect((await control('POST', { fail_renewals: -1 })).status).toBe(400)
    expect((await control('POST', { explode: true })).status).toBe(400)
    expect(JSON.parse(String((await control('POST', { clear: true })).body))).toEqual({ faults: [] })
  })

  it('seals and unseals; the root token still reaches it while sealed', async () => {
    expect(JSON.parse(String((await control('POST', { seal: true })).body))).toEqual({ faults: [{ kind: 'seal' }] })
    expect((await vault.request('GET', 'sys/mounts')).status).toBe(503)
    expect((await control('GET', undefined, 'not-root')).status).toBe(403)
    expect((await control('POST', { seal: true })).status).toBe(400)
    expect(JSON.parse(String((await control('POST', { seal: false })).body))).toEqual({ faults: [] })
    expect((await vault.request('GET', 'sys/mounts')).status).toBe(200)
  })
})

import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import { createVaultEmulator } from '../../emulator.js'
import { StateFormatError } from '../seal/state-container.js'
import { readStateFile } from '../../../../test/helpers/state-file.js'
import { mountLeaseEngine } from '../../../../test/helpers/lease-engine.js'

function tempFile(): string {
  return join(mkdtempSync(join(tmpdir(), 'vault-emu-state-')), 'vault.state')
}

const FROZEN = { mode: 'frozen', start: '2030-01-01T00:00:00Z' } as const

describe('--state-file with the Shamir seal', () => {
  it('comes back initialised and sealed after a restart, and unseals with the shares', async () => {
    const stateFile = tempFile()
    const first = await createVaultEmulator({ seal: 'shamir', stateFile, clock: FROZEN })
    expect(existsSync(stateFile)).toBe(false)
    const { keys, root_token } = (await first.request('PUT', 'sys/init', { data: { secret_shares: 5, secret_threshold: 3 } })).json as { keys: string[]; root_token: string }
    expect(first.rootToken).toBe(root_token)
    for (const key of keys.slice(0, 3)) await first.request('PUT', 'sys/unseal', { data: { key } })
    expect((await first.request('POST', 'sys/mounts/kv', { data: { type: 'kv' } })).status).toBe(204)
    expect((await first.request('PUT', 'kv/db', { data: { password: 'correct-horse-battery' } })).status).toBe(204)
    await first.stop()

    const text = readFileSync(stateFile)
    expect(text.includes('correct-horse-battery')).toBe(false)
    const header = JSON.parse(text.subarray(0, text.indexOf(0x0a)).toString())
    expect(header).toMatchObject({ format: 'vault-emu-state', version: 1, seal: { type: 'shamir', secret_shares: 5, secret_threshold: 3 } })
    expect(header.dev_root_key).toBeUndefined()

    const second = await createVaultEmulator({ seal: 'shamir', stateFile, clock: FROZEN })
    expect(second.rootToken).toBe('')
    const status = (await second.request('GET', 'sys/seal-status')).json
    expect(status).toMatchObject({ initialized: true, sealed: true, t: 3, n: 5, progress: 0 })
    expect((await second.request('GET', 'kv/db', { token: root_token })).status).toBe(503)
    for (const key of keys.slice(2, 5)) await second.request('PUT', 'sys/unseal', { data: { key } })
    const read = await second.request('GET', 'kv/db', { token: root_token })
    expect((read.json as { data: Record<string, unknown> }).data['password']).toBe('correct-horse-battery')
    expect((status as Record<string, unknown>)['cluster_id']).toBeUndefined()
    await second.stop()
  })

  it('stays uninitialised across a restart when nobody ran init', async () => {
    const stateFile = tempFile()
    await (await createVaultEmulator({ seal: 'shamir', stateFile })).stop()
    const again = await createVaultEmulator({ seal: 'shamir', stateFile })
    expect((await again.request('GET', 'sys/init')).json).toEqual({ initialized: false })
    await again.stop()
  })

  it('writes each change before the response, readable only with the root key', async () => {
    const stateFile = tempFile()
    const vault = await createVaultEmulator({ seal: 'shamir', stateFile, clock: FROZEN })
    const { keys, root_token } = (await vault.request('PUT', 'sys/init', { data: { secret_shares: 1, secret_threshold: 1 } })).json as { keys: string[]; root_token: string }
    await vault.request('PUT', 'sys/unseal', { data: { key: keys[0] } })
    await vault.request('PUT', 'sys/policies/acl/written', { data: { policy: 'path "a" { capabilities = ["read"] }' } })
    // No stop(): the file already holds the policy.
    const { entries } = readStateFile(stateFile, Buffer.from(keys[0] as string, 'hex'))
    expect([...entries.keys()].some((k) => k.endsWith('/written'))).toBe(true)
    expect(() => readStateFile(stateFile, Buffer.alloc(32))).toThrow('cipher: message authentication failed')
    expect(root_token).toMatch(/^hvs\./)
    await vault.stop()
  })
})

describe('--state-file in dev mode', () => {
  it('unseals itself on restart with the dev key from the file header; the root token and data survive', async () => {
    const stateFile = tempFile()
    const first = await createVaultEmulator({ stateFile, rootToken: 'dev-root', clock: FROZEN })
    await first.request('PUT', 'secret/data/app', { data: { data: { v: 'kept' } } })
    const unsealKey = first.unsealKey
    expect(readStateFile(stateFile).header.dev_root_key).toBe(unsealKey)
    await first.stop()

    const second = await createVaultEmulator({ stateFile, rootToken: 'dev-root', clock: FROZEN })
    expect(second.unsealKey).toBe(unsealKey)
    const read = await second.request('GET', 'secret/data/app')
    expect((read.json as { data: { data: unknown } }).data.data).toEqual({ v: 'kept' })
    // Sealing in dev mode does not stop the next start from unsealing.
    expect((await second.request('PUT', 'sys/seal')).status).toBe(204)
    await second.stop()
    const third = await createVaultEmulator({ stateFile, rootToken: 'dev-root', clock: FROZEN })
    expect((await third.request('GET', 'sys/seal-status')).json).toMatchObject({ sealed: false })
    await third.stop()
  })

  it('does not rewrite the file for requests that change nothing', async () => {
    const stateFile = tempFile()
    const vault = await createVaultEmulator({ stateFile, clock: FROZEN })
    await vault.request('PUT', 'secret/data/app', { data: { data: { v: 1 } } })
    const before = readFileSync(stateFile)
    await vault.request('GET', 'secret/data/app')
    await vault.request('GET', 'sys/mounts')
    await vault.request('GET', 'secret/data/missing')
    // Every write encrypts with a fresh nonce, so any rewrite would change the bytes.
    expect(readFileSync(stateFile).equals(before)).toBe(true)
    await vault.request('PUT', 'secret/data/app', { data: { data: { v: 2 } } })
    expect(readFileSync(stateFile).equals(before)).toBe(false)
    await vault.stop()
  })

  it('keeps the configured dev root token valid after a restart', async () => {
    const stateFile = tempFile()
    await (await createVaultEmulator({ stateFile })).stop()
    const other = await createVaultEmulator({ stateFile, rootToken: 'new-root' })
    expect((await other.request('GET', 'auth/token/lookup-self')).status).toBe(200)
    await other.stop()
  })

  it('writes changes made outside requests: a restore at once, a lease expiry on the next tick', async () => {
    const stateFile = tempFile()
    const vault = await createVaultEmulator({ stateFile, clock: FROZEN })
    mountLeaseEngine(vault.core)
    const clean = vault.snapshot()
    const lease = ((await vault.request('GET', 'dyn/creds/app')).json as { lease_id: string }).lease_id
    const leaseKeys = () => [...readStateFile(stateFile).entries.keys()].filter((k) => k.includes('creds/app/'))
    expect(leaseKeys()).toHaveLength(1)
    await vault.clock.advance('2h')
    await new Promise((resolve) => setImmediate(resolve))
    expect(leaseKeys()).toHaveLength(0)

    await vault.request('PUT', 'secret/data/later', { data: { data: { x: 1 } } })
    await vault.restore(clean)
    expect([...readStateFile(stateFile).entries.keys()].some((k) => k.includes('later'))).toBe(false)
    expect(lease).toMatch(/^dyn\/creds\/app\//)
    await vault.stop()
  })

  it('refuses to start from a file that is not a state file', async () => {
    const stateFile = tempFile()
    writeFileSync(stateFile, 'hello\n')
    await expect(createVaultEmulator({ stateFile })).rejects.toThrow(StateFormatError)
    await expect(createVaultEmulator({ stateFile })).rejects.toThrow(`[vault-emu] cannot read state file ${stateFile}`)
  })
})

describe('--state-file and the virtual clock', () => {
  it('resumes a frozen clock where the state was saved, so stored expiry times keep their meaning', async () => {
    const stateFile = tempFile()
    const first = await createVaultEmulator({ stateFile, clock: FROZEN })
    await first.clock.advance('2h')
    const created = await first.request('POST', 'auth/token/create', { data: { policies: ['default'], ttl: '1h' } }) // expires at 03:00
    const token = (created.json as { auth: { client_token: string } }).auth.client_token
    await first.stop()

    const warnings = vi.spyOn(process.stderr, 'write').mockImplementation(() => true)
    const second = await createVaultEmulator({ stateFile, clock: FROZEN })
    const warned = warnings.mock.calls.map(([chunk]) => String(chunk)).join('')
    warnings.mockRestore()
    expect(second.clock.iso()).toBe('2030-01-01T02:00:00.000Z') // not back at the given start
    expect(warned).toContain('saved at 2030-01-01T02:00:00.000Z (virtual time), later than the clock\'s start: the clock resumes there')
    expect((await second.request('GET', 'auth/token/lookup-self', { token })).json).toMatchObject({ data: { ttl: 3600 } })
    await second.clock.advance('61m')
    expect((await second.request('GET', 'auth/token/lookup-self', { token })).status).toBe(403)
    await second.stop()
  })

  it('keeps a later start: the clock only ever moves forward', async () => {
    const stateFile = tempFile()
    await (await createVaultEmulator({ stateFile, clock: FROZEN })).stop()
    const later = await createVaultEmulator({ stateFile, clock: { mode: 'frozen', start: '2031-06-01T00:00:00Z' } })
    expect(later.clock.iso()).toBe('2031-06-01T00:00:00.000Z')
    await later.stop()
  })
})

/** `GET /_emu/clock/wait`: a long poll on the virtual clock, for agents that sleep on emulator time. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startVaultEmulator } from 'vault-emu'
import type { VaultEmulator } from 'vault-emu'

let vault: VaultEmulator
let appToken: string

beforeAll(async () => {
  vault = await startVaultEmulator({ port: 0, clock: { mode: 'frozen', start: '2030-01-01T00:00:00Z' } })
  appToken = await vault.token({ policies: ['default'], ttl: '720h' })
})
afterAll(async () => {
  await vault.stop()
})

function wait(query: string, token = appToken): Promise<{ status: number; json: Record<string, unknown> }> {
  return fetch(`${vault.addr}/_emu/clock/wait?${query}`, { headers: { 'X-Vault-Token': token } }).then(async (res) => ({
    status: res.status,
    json: (await res.json()) as Record<string, unknown>,
  }))
}

describe('/_emu/clock/wait', () => {
  it('answers a non-root token once an advance reaches the time, after that advance ran its expiries', async () => {
    const start = Date.parse(vault.clock.iso())
    const expiring = await vault.token({ policies: ['default'], ttl: '1h' })
    const until = new Date(start + 3600_000).toISOString()
    let answered = false
    const pending = wait(`until=${until}&timeout=30`).then((r) => ((answered = true), r))
    await vault.clock.advance('59m')
    await new Promise((r) => setTimeout(r, 100))
    expect(answered).toBe(false)
    await vault.clock.advance('2m')
    const reply = await pending
    expect(reply.status).toBe(200)
    expect(reply.json).toMatchObject({ mode: 'frozen', now: new Date(start + 61 * 60_000).toISOString(), reached: true })
    // The token that expired at the waited-for time was already revoked when the wait answered.
    expect((await vault.request('GET', 'auth/token/lookup-self', { token: expiring })).status).toBe(403)
  })

  it('answers at once for a time already passed, and with reached=false after the timeout', async () => {
    expect((await wait('until=2000-01-01T00:00:00Z')).json['reached']).toBe(true)
    const began = Date.now()
    const reply = await wait('until=2099-01-01T00:00:00Z&timeout=0.2')
    expect(Date.now() - began).toBeGreaterThanOrEqual(150)
    expect(reply).toMatchObject({ status: 200, json: { reached: false } })
  })

  it('refuses a missing or unknown token and bad parameters', async () => {
    expect((await wait('until=2099-01-01T00:00:00Z', '')).status).toBe(403)
    expect((await wait('until=2099-01-01T00:00:00Z', 'nope')).status).toBe(403)
    expect(await wait('until=tomorrow')).toEqual({ status: 400, json: { errors: ['"until" must be an RFC 3339 time, e.g. until=2030-01-01T01:00:00Z'] } })
    expect((await wait('until=2099-01-01T00:00:00Z&timeout=9999')).status).toBe(400)
  })

  it('keeps POST /_emu/clock root-only', async () => {
    const res = await fetch(`${vault.addr}/_emu/clock`, { method: 'POST', headers: { 'X-Vault-Token': appToken }, body: JSON.stringify({ advance: '1h' }) })
    expect(res.status).toBe(403)
  })
})

describe('/_emu/clock/wait on a flowing clock', () => {
  it('answers when real time reaches the target', async () => {
    const flowing = await startVaultEmulator({ port: 0 })
    try {
      const token = await flowing.token({ policies: ['default'] })
      const until = new Date(Date.parse(flowing.clock.iso()) + 300).toISOString()
      const res = await fetch(`${flowing.addr}/_emu/clock/wait?until=${until}&timeout=5`, { headers: { 'X-Vault-Token': token } })
      const body = (await res.json()) as { mode: string; now: string; reached: boolean }
      expect(body).toMatchObject({ mode: 'real', reached: true })
      expect(Date.parse(body.now)).toBeGreaterThanOrEqual(Date.parse(until))
    } finally {
      await flowing.stop()
    }
  })
})

/**
 * A password-guessing loop must not slow the emulator for anyone else:
 * hashing runs off the event loop, at most two hashes at a time, and a
 * locked-out user costs no hashing at all.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startVaultEmulator } from '../../../emulator.js'
import type { VaultEmulator } from '../../../emulator.js'

let vault: VaultEmulator

async function post(path: string, body: unknown, token?: string): Promise<number> {
  const reply = await fetch(`${vault.addr}/v1/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { 'x-vault-token': token } : {}) },
    body: JSON.stringify(body),
  })
  await reply.arrayBuffer()
  return reply.status
}

/** Time a normal request: a KV read with the root token. */
async function timedRead(): Promise<number> {
  const start = performance.now()
  const reply = await fetch(`${vault.addr}/v1/secret/data/app`, { headers: { 'x-vault-token': vault.rootToken } })
  expect(reply.status).toBe(200)
  await reply.json()
  return performance.now() - start
}

beforeAll(async () => {
  vault = await startVaultEmulator({ port: 0 })
  expect(await post('sys/auth/userpass', { type: 'userpass' }, vault.rootToken)).toBe(204)
  expect(await post('auth/userpass/users/alice', { password: 'correct horse' }, vault.rootToken)).toBe(204)
  expect(await post('secret/data/app', { data: { k: 'v' } }, vault.rootToken)).toBe(200)
})

afterAll(async () => {
  await vault.stop()
})

describe('brute force', () => {
  it('1,000 failed logins in a loop, then a normal request answers promptly', async () => {
    const statuses = new Map<number, number>()
    const loopStart = performance.now()
    for (let i = 0; i < 1000; i++) {
      const status = await post('auth/userpass/login/alice', { password: `guess-${i}` })
      statuses.set(status, (statuses.get(status) ?? 0) + 1)
    }
    const loopMs = performance.now() - loopStart
    // Five wrong guesses, then the user is locked out: 403 without hashing.
    expect(Object.fromEntries(statuses)).toEqual({ 400: 5, 403: 995 })
    const ms = await timedRead()
    console.log(`1,000 failed logins took ${loopMs.toFixed(0)} ms; the next normal request took ${ms.toFixed(1)} ms`)
    expect(ms).toBeLessThan(1000)
  }, 120_000)

  it('a burst of guesses at unknown users (full hashing cost each) does not stall other requests', async () => {
    const burst = Array.from({ length: 60 }, (_, i) => post(`auth/userpass/login/nobody-${i}`, { password: 'x' }))
    // While the burst is hashing, other requests still get through.
    await new Promise((r) => setTimeout(r, 50))
    const during = await timedRead()
    const statuses = await Promise.all(burst)
    expect(new Set(statuses)).toEqual(new Set([400]))
    const after = await timedRead()
    console.log(`during a burst of 60 unknown-user logins a normal request took ${during.toFixed(1)} ms; after it ${after.toFixed(1)} ms`)
    expect(during).toBeLessThan(1000)
    expect(after).toBeLessThan(1000)
  }, 120_000)
})

// Programmatic snapshot restore (test isolation): 1,000 KV secrets and 1,000
// leases put back with vault.restore() (target: under 10 ms). Runs in-process
// against the built package.
import { createVaultEmulator } from '../dist/index.js'
import { median } from './lib.mjs'

export async function snapshotRestoreTime(secrets = 1000, leases = 1000, rounds = 25) {
  const vault = await createVaultEmulator({ clock: { mode: 'frozen', start: '2030-01-01T00:00:00Z' } })
  for (let i = 0; i < secrets; i++) {
    const reply = await vault.request('PUT', `secret/data/s${i}`, { data: { data: { i, password: 'x'.repeat(32) } } })
    if (reply.status !== 200) throw new Error(`KV write failed: ${reply.status}`)
  }
  // Leases on the KV mount: the expiration manager's own cost, as in the lease-expiry bench.
  for (let i = 0; i < leases; i++) vault.core.expiration.register(`secret/data/lease-${i}`, 'secret/', '', { type: 'none', internal: {}, ttl: 3600 })
  const snap = vault.snapshot()
  const times = []
  for (let round = 0; round < rounds; round++) {
    await vault.request('PUT', 'secret/data/s0', { data: { data: { changed: round } } })
    const started = performance.now()
    await vault.restore(snap)
    const ms = performance.now() - started
    if (round >= 5) times.push(ms) // the first rounds warm the JIT up
  }
  await vault.stop()
  return median(times)
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(`restore of 1,000 secrets + 1,000 leases: ${(await snapshotRestoreTime()).toFixed(2)} ms (median)`)
}

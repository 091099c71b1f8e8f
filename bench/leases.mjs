// 10,000 leases falling due in one clock advance (target: under 1 s), and the
// same for 10,000 expiring tokens. Runs in-process against the built package.
import { createVaultEmulator } from '../dist/index.js'

async function timeAdvance(setup) {
  const vault = await createVaultEmulator({ clock: { mode: 'frozen', start: '2030-01-01T00:00:00Z' } })
  const count = await setup(vault)
  const started = performance.now()
  const report = await vault.clock.advance('2h')
  const ms = performance.now() - started
  await vault.stop()
  return { count, expired: report.events.length, ms }
}

export async function leaseExpiry(n = 10_000) {
  // Leases on the KV mount: the expiration manager's own cost (engines add theirs: see the database bench).
  const leases = await timeAdvance(async (vault) => {
    for (let i = 0; i < n; i++) vault.core.expiration.register(`secret/data/lease-${i}`, 'secret/', '', { type: 'none', internal: {}, ttl: 3600 })
    return n
  })
  const tokens = await timeAdvance(async (vault) => {
    for (let i = 0; i < n; i++) {
      const reply = await vault.request('POST', 'auth/token/create', { data: { policies: ['default'], ttl: '1h' } })
      if (reply.status !== 200) throw new Error(`token create failed: ${reply.status}`)
    }
    return n
  })
  return { leases, tokens }
}

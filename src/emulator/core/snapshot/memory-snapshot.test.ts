import { describe, expect, it } from 'vitest'
import { createVaultEmulator } from '../../emulator.js'
import { mountLeaseEngine, revokedLeases } from '../../../../test/helpers/lease-engine.js'
import { SnapshotError } from './memory-snapshot.js'

async function frozen() {
  return createVaultEmulator({ clock: { mode: 'frozen', start: '2030-01-01T00:00:00Z' } })
}

describe('vault.snapshot() / vault.restore()', () => {
  it('puts back secrets, tokens and policies exactly as they were', async () => {
    const vault = await frozen()
    await vault.request('PUT', 'secret/data/app', { data: { data: { v: 1 } } })
    const clean = vault.snapshot()

    await vault.request('PUT', 'secret/data/app', { data: { data: { v: 2 } } })
    await vault.request('PUT', 'secret/data/extra', { data: { data: { x: 1 } } })
    await vault.request('PUT', 'sys/policies/acl/p', { data: { policy: 'path "x" { capabilities = ["read"] }' } })
    const token = ((await vault.request('POST', 'auth/token/create')).json as { auth: { client_token: string } }).auth.client_token

    await vault.restore(clean)
    const app = (await vault.request('GET', 'secret/data/app')).json as { data: { data: unknown; metadata: { version: number } } }
    expect(app.data.data).toEqual({ v: 1 })
    expect(app.data.metadata.version).toBe(1)
    expect((await vault.request('GET', 'secret/data/extra')).status).toBe(404)
    expect((await vault.request('GET', 'sys/policies/acl/p')).status).toBe(404)
    expect((await vault.request('GET', 'auth/token/lookup-self', { token })).status).toBe(403)
    // A snapshot can be restored again and again.
    await vault.request('PUT', 'secret/data/app', { data: { data: { v: 3 } } })
    await vault.restore(clean)
    expect(((await vault.request('GET', 'secret/data/app')).json as { data: { data: unknown } }).data.data).toEqual({ v: 1 })
    await vault.stop()
  })

  it("puts the fake Kubernetes cluster back: accounts made since are gone, deleted ones log in again", async () => {
    const vault = await frozen()
    await vault.request('POST', 'sys/auth/kubernetes', { data: { type: 'kubernetes' } })
    await vault.request('POST', 'auth/kubernetes/config', { data: { kubernetes_host: vault.kubernetes.host } })
    await vault.request('POST', 'auth/kubernetes/role/app', { data: { bound_service_account_names: '*', bound_service_account_namespaces: '*', policies: 'default' } })
    const kept = vault.kubernetes.serviceAccountToken({ namespace: 'prod', serviceAccount: 'kept' })
    vault.kubernetes.labelNamespace('prod', { team: 'a' })
    const clean = vault.snapshot()
    const login = async (jwt: string) => (await vault.request('POST', 'auth/kubernetes/login', { data: { role: 'app', jwt } })).status

    const added = vault.kubernetes.serviceAccountToken({ namespace: 'prod', serviceAccount: 'added' })
    vault.kubernetes.deleteServiceAccount('prod', 'kept')
    vault.kubernetes.labelNamespace('prod', { team: 'b' })
    expect(await login(kept)).toBe(403)
    expect(await login(added)).toBe(200)

    await vault.restore(clean)
    expect(await login(kept)).toBe(200) // same UID as in the snapshot: its old token is valid again
    expect(await login(added)).toBe(403)
    expect(vault.core.kubernetes.namespace('prod')?.labels).toEqual({ team: 'a', 'kubernetes.io/metadata.name': 'prod' })
    await vault.stop()
  })

  it('keeps leases that expired in between: they fall due on the next clock move', async () => {
    const vault = await frozen()
    mountLeaseEngine(vault.core)
    const leases: string[] = []
    for (let i = 0; i < 3; i++) leases.push(((await vault.request('GET', `dyn/creds/r${i}`)).json as { lease_id: string }).lease_id)
    const before = vault.snapshot()
    await vault.clock.advance('2h')
    expect(revokedLeases(vault.core).sort()).toEqual([...leases].sort())

    await vault.restore(before)
    expect((await vault.request('PUT', 'sys/leases/lookup', { data: { lease_id: leases[0] } })).status).toBe(200)
    const report = await vault.clock.advance('1s')
    expect(report.events.map((e) => e.id).sort()).toEqual([...leases].sort())
    expect(revokedLeases(vault.core)).toHaveLength(6)
    await vault.stop()
  })

  it('restores 1,000 secrets and 1,000 leases with their timers', async () => {
    // How fast is a benchmark's business (bench/snapshot.mjs, target under 10 ms); this checks what comes back.
    const vault = await frozen()
    mountLeaseEngine(vault.core)
    for (let i = 0; i < 1000; i++) {
      expect((await vault.request('PUT', `secret/data/s${i}`, { data: { data: { i, password: 'x'.repeat(32) } } })).status).toBe(200)
      expect((await vault.request('GET', `dyn/creds/r${i}`)).status).toBe(200)
    }
    const snap = vault.snapshot()
    await vault.request('PUT', 'secret/data/s0', { data: { data: { changed: true } } })
    await vault.restore(snap)
    expect(vault.core.expiration.count()).toBe(1000)
    expect(vault.clock.status().pendingTimers).toBe(1000)
    expect(((await vault.request('GET', 'secret/data/s0')).json as { data: { data: unknown } }).data.data).toEqual({ i: 0, password: 'x'.repeat(32) })
    await vault.stop()
  })

  it('refuses to snapshot or restore a sealed emulator, and foreign objects', async () => {
    const vault = await frozen()
    const snap = vault.snapshot()
    await expect(vault.restore({ kind: 'other' } as never)).rejects.toThrow(SnapshotError)
    await vault.request('PUT', 'sys/seal')
    expect(() => vault.snapshot()).toThrow('[vault-emu] cannot snapshot a sealed emulator')
    await expect(vault.restore(snap)).rejects.toThrow('[vault-emu] cannot restore into a sealed emulator')
    await vault.stop()
  })
})

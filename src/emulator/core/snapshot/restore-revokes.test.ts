// restore() revokes, through the expiration manager, the leases issued after the snapshot.
import { describe, expect, it } from 'vitest'
import { createVaultEmulator } from '../../emulator.js'
import { mountLeaseEngine, revokedLeases } from '../../../../test/helpers/lease-engine.js'

describe('vault.restore() and leases issued since the snapshot', () => {
  it('runs their revoke hooks and keeps the older leases', async () => {
    const vault = await createVaultEmulator({ clock: { mode: 'frozen', start: '2030-01-01T00:00:00Z' } })
    mountLeaseEngine(vault.core)
    const older = ((await vault.request('GET', 'dyn/creds/old')).json as { lease_id: string }).lease_id
    const clean = vault.snapshot()
    const newer = ((await vault.request('GET', 'dyn/creds/new')).json as { lease_id: string }).lease_id

    await vault.restore(clean)
    expect(revokedLeases(vault.core)).toEqual([newer])
    expect(vault.core.expiration.ids()).toEqual([older])
    await vault.restore(clean) // nothing newer: nothing revoked
    expect(revokedLeases(vault.core)).toEqual([newer])
    await vault.stop()
  })
})

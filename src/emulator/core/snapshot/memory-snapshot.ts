/**
 * Programmatic snapshots for fast test isolation: a copy of storage (and of
 * the fake Kubernetes cluster's accounts and namespaces), in memory, unencrypted. Restoring replaces all state (mounts, tokens, leases,
 * policies, data) and rebuilds what memory holds from it; the clock keeps its
 * time, so leases that expired since the snapshot fall due on the next move.
 * Leases issued after the snapshot are revoked first (their database users
 * really dropped), so that nothing they made outlives the state that knew them.
 *
 * @example
 * const clean = vault.snapshot()
 * // ... a test writes secrets, creates tokens ...
 * await vault.restore(clean)
 */
import type { Core } from '../core.js'
import type { ClusterState } from '../../kubernetes/fake-cluster.js'

export interface EmulatorSnapshot {
  readonly kind: 'vault-emu-snapshot'
  /** Virtual time when it was taken (RFC 3339). */
  readonly takenAt: string
  readonly entries: ReadonlyMap<string, string>
  /** The fake Kubernetes cluster's service accounts and namespaces (not in storage: no real Vault holds them). */
  readonly kubernetes: ClusterState
}

/** Misuse of the programmatic snapshot API. */
export class SnapshotError extends Error {
  override name = 'SnapshotError'
}

export function takeSnapshot(core: Core): EmulatorSnapshot {
  if (core.seal.sealed) throw new SnapshotError('[vault-emu] cannot snapshot a sealed emulator: unseal it first')
  return { kind: 'vault-emu-snapshot', takenAt: core.clock.iso(), entries: core.storage.dumpIndexed(), kubernetes: core.kubernetes.exportState() }
}

export async function restoreSnapshot(core: Core, snapshot: EmulatorSnapshot): Promise<void> {
  if (snapshot?.kind !== 'vault-emu-snapshot') throw new SnapshotError('[vault-emu] restore() takes what snapshot() returned')
  // Injected faults are undone first (a core sealed by `faults.seal()` in dev mode is unsealed).
  if (core.faults.active) await core.faults.clear()
  if (core.seal.sealed) throw new SnapshotError('[vault-emu] cannot restore into a sealed emulator: unseal it first')
  await revokeLeasesSince(core, snapshot)
  core.storage.load(snapshot.entries)
  core.kubernetes.importState(snapshot.kubernetes)
  await core.reloadFromStorage()
  core.seal.flushState()
}

/** The storage key of a lease record (ExpirationManager keeps them under `sys/expire/id/`). */
const LEASE_KEY_PREFIX = 'sys/expire/id/'

/**
 * Revoke, through the expiration manager, every lease the snapshot does not
 * hold; backend errors do not stop the restore (`force`).
 */
async function revokeLeasesSince(core: Core, snapshot: EmulatorSnapshot): Promise<void> {
  const newer = core.expiration.ids().filter((id) => !snapshot.entries.has(LEASE_KEY_PREFIX + id))
  await Promise.all(newer.map((id) => core.expiration.revoke(id, { force: true })))
}

/**
 * Programmatic snapshots for fast test isolation: a copy of storage, in
 * memory, unencrypted. Restoring replaces all state (mounts, tokens, leases,
 * policies, data) and rebuilds what memory holds from it; the clock keeps its
 * time, so leases that expired since the snapshot fall due on the next move.
 *
 * @example
 * const clean = vault.snapshot()
 * // ... a test writes secrets, creates tokens ...
 * await vault.restore(clean)
 */
import type { Core } from '../core.js'

export interface EmulatorSnapshot {
  readonly kind: 'vault-emu-snapshot'
  /** Virtual time when it was taken (RFC 3339). */
  readonly takenAt: string
  readonly entries: ReadonlyMap<string, string>
}

/** Misuse of the programmatic snapshot API. */
export class SnapshotError extends Error {
  override name = 'SnapshotError'
}

export function takeSnapshot(core: Core): EmulatorSnapshot {
  if (core.seal.sealed) throw new SnapshotError('[vault-emu] cannot snapshot a sealed emulator: unseal it first')
  return { kind: 'vault-emu-snapshot', takenAt: core.clock.iso(), entries: core.storage.dumpIndexed() }
}

export async function restoreSnapshot(core: Core, snapshot: EmulatorSnapshot): Promise<void> {
  if (snapshot?.kind !== 'vault-emu-snapshot') throw new SnapshotError('[vault-emu] restore() takes what snapshot() returned')
  if (core.seal.sealed) throw new SnapshotError('[vault-emu] cannot restore into a sealed emulator: unseal it first')
  core.storage.load(snapshot.entries)
  await core.reloadFromStorage()
  core.seal.flushState()
}

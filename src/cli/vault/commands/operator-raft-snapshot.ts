/**
 * `vault operator raft snapshot save <file>` and `restore [-force] <file>`:
 * the snapshot travels as a binary body; both print nothing on success.
 */
import { readFile, writeFile } from 'node:fs/promises'
import { VaultClient } from '../client.js'
import { CommandUsageError, reportCommandError, type VaultCommand } from '../command.js'
import { flag, parseFlags } from '../flags.js'
import { fail } from '../output.js'

function snapshotFile(args: readonly string[], missing: string): string {
  if (args.length !== 1) throw new CommandUsageError(`Incorrect arguments (expected 1, got ${args.length})`)
  const path = (args[0] as string).trim()
  if (path === '') throw new CommandUsageError(missing)
  return path
}

export const operatorRaftSnapshotSave: VaultCommand = async (io, argv) => {
  const { args } = parseFlags(argv, {})
  const path = snapshotFile(args, 'Output file name is required')
  const client = await VaultClient.fromIo(io)
  try {
    const reply = await client.request('GET', 'sys/storage/raft/snapshot')
    await writeFile(path, reply.bytes, { mode: 0o600 })
  } catch (err) {
    if (err instanceof Error && 'code' in err) {
      fail(io, `Error taking the snapshot: ${err.message}`)
      return 2
    }
    return reportCommandError(io, err, 'Error taking the snapshot')
  }
  return 0
}

export const operatorRaftSnapshotRestore: VaultCommand = async (io, argv) => {
  const { flags, args } = parseFlags(argv, { force: flag.bool() })
  const path = snapshotFile(args, 'Snapshot file name is required')
  let snapshot: Buffer
  try {
    snapshot = await readFile(path)
  } catch (err) {
    // vault's own wording, "policy file" included.
    fail(io, `Error opening policy file: ${(err as Error).message}`)
    return 2
  }
  const client = await VaultClient.fromIo(io)
  try {
    await client.request('POST', flags.force ? 'sys/storage/raft/snapshot-force' : 'sys/storage/raft/snapshot', {
      raw: new Uint8Array(snapshot.buffer.slice(snapshot.byteOffset, snapshot.byteOffset + snapshot.byteLength) as ArrayBuffer),
    })
  } catch (err) {
    return reportCommandError(io, err, 'Error installing the snapshot')
  }
  return 0
}

/**
 * `vault kv rollback -version=<n> [-mount=m] <path>`: writes an old KV v2 version's data as a
 * new version (check-and-set on the current one); refuses deleted and destroyed versions.
 */
import { CommandUsageError, type VaultCommand } from '../command.js'
import { flag, OUTPUT_FLAGS } from '../flags.js'
import { fail, outputOptions } from '../output.js'
import { runApiCommand } from './generic-api-command.js'
import { printChangeOutcome, sendOrReport } from './generic-outcome.js'
import { kvApiPath, resolveKvTarget } from './kv-mount.js'
import { existingData, preRead } from './kv-pre-read.js'

const KV_ROLLBACK_FLAGS = { ...OUTPUT_FLAGS, mount: flag.string({ default: '' }), version: flag.int() }

export const kvRollback: VaultCommand = (io, argv) =>
  runApiCommand(io, argv, KV_ROLLBACK_FLAGS, async (io, client, flags, args) => {
    if (args.length !== 1) throw new CommandUsageError(`Invalid number of arguments (expected 1, got ${args.length})`)
    const version = flags.version
    if (version === undefined) throw new CommandUsageError('Version flag must be specified')
    if (version <= 0) throw new CommandUsageError(`Invalid value ${version} for the version flag`)
    const target = await resolveKvTarget(client, args[0] as string, flags.mount ?? '')
    if (!target.v2) {
      fail(io, 'K/V engine mount must be version 2 for rollback support')
      return 2
    }
    const fullPath = kvApiPath(target, 'data')
    const current = await preRead(io, client, fullPath, 'rollback')
    if (typeof current === 'number') return current
    const old = await preRead(io, client, fullPath, 'rollback', version)
    if (typeof old === 'number') return old
    if (typeof old.metadata['deletion_time'] === 'string' && old.metadata['deletion_time'] !== '') {
      fail(io, 'Cannot roll back to a version that has been deleted')
      return 2
    }
    if (old.metadata['destroyed'] === true) {
      fail(io, 'Cannot roll back to a version that has been destroyed')
      return 2
    }
    const data = existingData(io, fullPath, 'rollback', old)
    if (typeof data === 'number') return data
    const sent = await sendOrReport(io, `Error writing data to ${fullPath}`, () => client.write(fullPath, { data, options: { cas: current.metadata['version'] } }))
    if ('code' in sent) return sent.code
    return printChangeOutcome(io, sent.value, outputOptions(io, flags), `Data written to: ${fullPath}`)
  })

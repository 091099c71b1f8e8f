/** `vault kv list [-mount=m] <path>`: the keys under a folder (`metadata/` on v2). */
import { CommandUsageError, expectArgs, type VaultCommand } from '../command.js'
import { flag } from '../flags.js'
import { outputOptions } from '../output.js'
import { runApiCommand } from './generic-api-command.js'
import { printListOutcome } from './generic-list-outcome.js'
import { sendOrReport } from './generic-outcome.js'
import { kvApiPath, resolveKvTarget } from './kv-mount.js'

const KV_LIST_FLAGS = { format: flag.string(), mount: flag.string({ default: '' }) }

export const kvList: VaultCommand = (io, argv) =>
  runApiCommand(io, argv, KV_LIST_FLAGS, async (io, client, flags, args) => {
    // With -mount the path may be left out: list the mount's top level.
    if (args.length < 1 && (flags.mount ?? '') === '') throw new CommandUsageError(`Not enough arguments (expected 1, got ${args.length})`)
    if (args.length > 0) expectArgs(args, 1)
    const out = outputOptions(io, flags)
    const target = await resolveKvTarget(client, args[0] ?? '', flags.mount ?? '')
    const fullPath = kvApiPath(target, 'metadata')
    const sent = await sendOrReport(io, `Error listing ${fullPath}`, () => client.list(fullPath))
    if ('code' in sent) return sent.code
    return printListOutcome(io, fullPath, sent.value, out)
  })

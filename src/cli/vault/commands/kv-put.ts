/** `vault kv put [-mount=m] [-cas=n] <path> key=value...`: a new version on v2, an overwrite on v1. */
import { CommandUsageError, type VaultCommand } from '../command.js'
import { flag, OUTPUT_FLAGS } from '../flags.js'
import { parseKeyValues } from '../kv-args.js'
import { outputOptions } from '../output.js'
import { runApiCommand } from './generic-api-command.js'
import { printChangeOutcome, sendOrReport } from './generic-outcome.js'
import { kvApiPath, resolveKvTarget } from './kv-mount.js'
import { printWrittenVersion } from './kv-output.js'

const KV_PUT_FLAGS = { ...OUTPUT_FLAGS, mount: flag.string({ default: '' }), cas: flag.int({ default: -1 }) }

export const kvPut: VaultCommand = (io, argv) =>
  runApiCommand(io, argv, KV_PUT_FLAGS, async (io, client, flags, args) => {
    if (args.length < 1) throw new CommandUsageError(`Not enough arguments (expected >1, got ${args.length})`)
    if (args.length === 1) throw new CommandUsageError('Must supply data')
    const out = outputOptions(io, flags)
    const data = await parseKeyValues(args.slice(1), io.stdin)
    const target = await resolveKvTarget(client, args[0] as string, flags.mount ?? '')
    const fullPath = kvApiPath(target, 'data')
    const cas = flags.cas ?? -1
    const body = target.v2 ? { data, options: cas > -1 ? { cas } : {} } : data

    const sent = await sendOrReport(io, `Error writing data to ${fullPath}`, () => client.write(fullPath, body))
    if ('code' in sent) return sent.code
    const secret = sent.value
    if (secret === undefined || out.field !== undefined || secret.wrap_info || out.format !== 'table') return printChangeOutcome(io, secret, out, `Data written to: ${fullPath}`)
    return printWrittenVersion(io, fullPath, secret)
  })

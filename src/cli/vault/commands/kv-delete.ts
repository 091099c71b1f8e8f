/**
 * `vault kv delete [-mount=m] [-versions=1,2] <path>`: on v2 a soft delete of the latest
 * version (or of the listed ones, through `delete/`); on v1 the key is gone.
 */
import type { VaultCommand } from '../command.js'
import { flag, OUTPUT_FLAGS } from '../flags.js'
import { outputOptions } from '../output.js'
import { runApiCommand } from './generic-api-command.js'
import { printChangeOutcome, sendOrReport } from './generic-outcome.js'
import { kvApiPath, singleKvTarget } from './kv-mount.js'
import { parseVersionsFlags } from './kv-paths.js'

const KV_DELETE_FLAGS = { ...OUTPUT_FLAGS, mount: flag.string({ default: '' }), versions: flag.strings() }

export const kvDelete: VaultCommand = (io, argv) =>
  runApiCommand(io, argv, KV_DELETE_FLAGS, async (io, client, flags, args) => {
    const target = await singleKvTarget(client, args, flags.mount)
    const out = outputOptions(io, flags)
    const fullPath = kvApiPath(target, 'data')
    const versions = parseVersionsFlags(flags.versions)

    const sent = await sendOrReport(io, `Error deleting ${fullPath}`, () =>
      target.v2 && versions.length > 0 ? client.write(kvApiPath(target, 'delete'), { versions }) : client.delete(fullPath),
    )
    if ('code' in sent) return sent.code
    return printChangeOutcome(io, sent.value, out, `Data deleted (if it existed) at: ${fullPath}`)
  })

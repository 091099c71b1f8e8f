/**
 * `vault kv destroy -versions=...` and `vault kv undelete -versions=...`: KV v2 only,
 * a write of `{"versions": [...]}` to `<mount>/destroy/<path>` or `<mount>/undelete/<path>`.
 */
import { CommandUsageError, expectArgs, type VaultCommand } from '../command.js'
import { flag } from '../flags.js'
import { outputOptions } from '../output.js'
import { runApiCommand } from './generic-api-command.js'
import { printChangeOutcome, sendOrReport } from './generic-outcome.js'
import { kvApiPath, singleKvTarget } from './kv-mount.js'
import { parseVersionsFlags } from './kv-paths.js'

const KV_VERSIONS_FLAGS = { format: flag.string(), mount: flag.string({ default: '' }), versions: flag.strings() }

function versionsCommand(action: 'destroy' | 'undelete', title: 'Destroy' | 'Undelete'): VaultCommand {
  return (io, argv) =>
    runApiCommand(io, argv, KV_VERSIONS_FLAGS, async (io, client, flags, args) => {
      expectArgs(args, 1)
      const versions = parseVersionsFlags(flags.versions)
      if (versions.length === 0) throw new CommandUsageError(`No versions provided, use the "-versions" flag to specify the version to ${action}.`)
      const target = await singleKvTarget(client, args, flags.mount)
      const out = outputOptions(io, flags)
      if (!target.v2) {
        io.stderr.write(`${title} not supported on KV Version 1\n`)
        return 1
      }
      const path = kvApiPath(target, action)
      const sent = await sendOrReport(io, `Error writing data to ${path}`, () => client.write(path, { versions }))
      if ('code' in sent) return sent.code
      return printChangeOutcome(io, sent.value, out, `Data written to: ${path}`)
    })
}

export const kvDestroy = versionsCommand('destroy', 'Destroy')
export const kvUndelete = versionsCommand('undelete', 'Undelete')

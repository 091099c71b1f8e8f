/** `vault audit enable|disable|list`: audit devices. */
import { VaultClient } from '../client.js'
import { CommandUsageError, reportCommandError, type VaultCommand } from '../command.js'
import { flag, parseFlags } from '../flags.js'
import { parseKeyValues } from '../kv-args.js'
import { compareStrings } from '../go-format.js'
import { defineDisable, defineList, mountApiPath, mountPath } from '../mount-commands.js'
import { sortedPaths } from '../mount-table.js'
import { success } from '../output.js'
import { table } from '../table.js'

export const auditEnable: VaultCommand = async (io, argv) => {
  const { flags, args } = parseFlags(argv, { path: flag.string(), description: flag.string(), local: flag.bool() })
  if (args.length < 1) throw new CommandUsageError("Error enabling audit device: audit type missing. Valid types include 'file', 'socket' and 'syslog'.")
  const type = (args[0] as string).trim()
  const path = mountPath(flags.path || type)
  const options = Object.fromEntries(Object.entries(await parseKeyValues(args.slice(1), io.stdin)).map(([k, v]) => [k, String(v)]))
  const client = await VaultClient.fromIo(io)
  try {
    await client.request('PUT', mountApiPath('sys/audit', path), { body: { type, description: flags.description ?? '', options, local: flags.local } })
  } catch (err) {
    return reportCommandError(io, err, 'Error enabling audit device')
  }
  success(io, `Enabled the ${type} audit device at: ${path}`)
  return 0
}

export const auditDisable = defineDisable('sys/audit', () => 'Error disabling audit device', (path) => `Disabled audit device (if it was enabled) at: ${path}`)

export const auditList = defineList('sys/audit', 'Error listing audits', (audits, detailed) => {
  const paths = sortedPaths(audits)
  if (paths.length === 0) return 'No audit devices are enabled.'
  if (detailed) {
    return table(['Path', 'Type', 'Description', 'Replication', 'Options'], paths.map((p) => {
      const a = audits[p]
      const options = Object.entries(a?.options ?? {}).sort(([x], [y]) => compareStrings(x, y)).map(([k, v]) => `${k}=${v}`).join(' ')
      return [p, a?.type ?? '', a?.description ?? '', a?.local ? 'local' : 'replicated', options]
    }))
  }
  return table(['Path', 'Type', 'Description'], paths.map((p) => [audits[p]?.path ?? p, audits[p]?.type ?? '', audits[p]?.description ?? '']))
})

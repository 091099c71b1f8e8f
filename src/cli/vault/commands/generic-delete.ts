/** `vault delete <path> [key=value...]` (data goes in the query string). */
import { CommandUsageError, type VaultCommand } from '../command.js'
import { OUTPUT_FLAGS } from '../flags.js'
import { outputOptions } from '../output.js'
import { runApiCommand } from './generic-api-command.js'
import { printChangeOutcome, sendOrReport } from './generic-outcome.js'
import { queryFromData } from './generic-query.js'
import { sanitizePath } from './kv-paths.js'

export const remove: VaultCommand = (io, argv) =>
  runApiCommand(io, argv, OUTPUT_FLAGS, async (io, client, flags, args) => {
    if (args.length < 1) throw new CommandUsageError(`Not enough arguments (expected at least 1, got ${args.length})`)
    const path = sanitizePath(args[0] as string)
    const query = await queryFromData(args.slice(1), io.stdin)
    const sent = await sendOrReport(io, `Error deleting ${path}`, () => client.delete(path, query))
    if ('code' in sent) return sent.code
    return printChangeOutcome(io, sent.value, outputOptions(io, flags), `Data deleted (if it existed) at: ${path}`)
  })

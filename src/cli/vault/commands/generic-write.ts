/**
 * `vault write [-f] <path> key=value|key=@file|key=-...`: prints `Success! Data written to: <path>`
 * when the reply has no body, else the response (a table, JSON, or one `-field`).
 */
import { CommandUsageError, type VaultCommand } from '../command.js'
import { flag, OUTPUT_FLAGS } from '../flags.js'
import { parseKeyValues } from '../kv-args.js'
import { outputOptions } from '../output.js'
import { runApiCommand } from './generic-api-command.js'
import { printChangeOutcome, sendOrReport } from './generic-outcome.js'
import { sanitizePath } from './kv-paths.js'

const WRITE_FLAGS = { ...OUTPUT_FLAGS, force: flag.bool({ aliases: ['f'] }) }

export const write: VaultCommand = (io, argv) =>
  runApiCommand(io, argv, WRITE_FLAGS, async (io, client, flags, args) => {
    if (args.length < 1) throw new CommandUsageError(`Not enough arguments (expected 1, got ${args.length})`)
    if (args.length === 1 && !flags.force) throw new CommandUsageError('Must supply data or use -force')
    const path = sanitizePath(args[0] as string)
    const data = await parseKeyValues(args.slice(1), io.stdin)
    const sent = await sendOrReport(io, `Error writing data to ${path}`, () => client.write(path, data))
    if ('code' in sent) return sent.code
    return printChangeOutcome(io, sent.value, outputOptions(io, flags), `Data written to: ${path}`)
  })

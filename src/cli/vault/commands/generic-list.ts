/** `vault list [-detailed] [-format=json] <path>`: the keys under a prefix. */
import { expectArgs, type VaultCommand } from '../command.js'
import { flag } from '../flags.js'
import { outputOptions } from '../output.js'
import { runApiCommand } from './generic-api-command.js'
import { printListOutcome } from './generic-list-outcome.js'
import { sendOrReport } from './generic-outcome.js'
import { sanitizePath } from './kv-paths.js'

/** vault's own flags (its `-after`/`-limit` paging is OpenBao's, not vault's). */
const LIST_FLAGS = { format: flag.string(), detailed: flag.bool() }

export const list: VaultCommand = (io, argv) =>
  runApiCommand(io, argv, LIST_FLAGS, async (io, client, flags, args) => {
    expectArgs(args, 1)
    const path = sanitizePath(args[0] as string)
    const sent = await sendOrReport(io, `Error listing ${path}`, () => client.list(path))
    if ('code' in sent) return sent.code
    return printListOutcome(io, path, sent.value, outputOptions(io, flags), true)
  })

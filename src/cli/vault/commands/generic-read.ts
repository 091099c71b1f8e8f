/**
 * `vault read [-field=f] [-format=json|yaml|raw] <path> [key=value...]` (data goes in the query
 * string). `-format=raw` prints the response body as the server sent it (a PEM, a CRL), which
 * only `vault read` offers.
 */
import { CommandUsageError, type VaultCommand } from '../command.js'
import { OUTPUT_FLAGS } from '../flags.js'
import { fail, outputOptions, printSecret } from '../output.js'
import { runApiCommand } from './generic-api-command.js'
import { sendOrReport } from './generic-outcome.js'
import { queryFromData } from './generic-query.js'
import { readSecret } from './generic-read-secret.js'
import { sanitizePath } from './kv-paths.js'

export const read: VaultCommand = (io, argv) =>
  runApiCommand(io, argv, OUTPUT_FLAGS, async (io, client, flags, args) => {
    if (args.length < 1) throw new CommandUsageError(`Not enough arguments (expected 1, got ${args.length})`)
    const out = outputOptions(io, flags)
    const path = sanitizePath(args[0] as string)
    const query = await queryFromData(args.slice(1), io.stdin)
    if (out.format === 'raw') {
      const raw = await sendOrReport(io, `Error reading: ${path}`, () => client.request('GET', path, query ? { query } : {}))
      if ('code' in raw) return raw.code
      io.stdout.write(`${Buffer.from(raw.value.bytes).toString('utf8')}\n`)
      return 0
    }
    const sent = await sendOrReport(io, `Error reading ${path}`, () => readSecret(client, path, query))
    if ('code' in sent) return sent.code
    if (sent.value === undefined) {
      fail(io, `No value found at ${path}`)
      return 2
    }
    return printSecret(io, sent.value, out)
  })

/** `vault list [-format=json] [-after=k] [-limit=n] <path>`: the keys under a prefix. */
import { ApiError, type VaultClient, type VaultSecret } from '../client.js'
import { expectArgs, type VaultCommand } from '../command.js'
import { flag } from '../flags.js'
import { outputOptions } from '../output.js'
import { runApiCommand } from './generic-api-command.js'
import { printListOutcome } from './generic-list-outcome.js'
import { sendOrReport } from './generic-outcome.js'
import { sanitizePath } from './kv-paths.js'

const LIST_FLAGS = { format: flag.string(), detailed: flag.bool(), after: flag.string({ default: '' }), limit: flag.int({ default: -1 }) }

export const list: VaultCommand = (io, argv) =>
  runApiCommand(io, argv, LIST_FLAGS, async (io, client, flags, args) => {
    expectArgs(args, 1)
    const out = outputOptions(io, flags)
    const path = sanitizePath(args[0] as string)
    const after = flags.after ?? ''
    const limit = flags.limit ?? -1
    // Pagination parameters go out only when asked for, so endpoints without paging do not warn.
    const query: Record<string, string> = {}
    if (after !== '' || limit > 0) {
      if (after !== '') query['after'] = after
      if (limit > 0) query['limit'] = String(limit)
    }
    const sent = await sendOrReport(io, `Error listing ${path}`, () => (Object.keys(query).length > 0 ? listWithQuery(client, path, query) : client.list(path)))
    if ('code' in sent) return sent.code
    return printListOutcome(io, path, sent.value, out, true)
  })

/** A paged LIST; `undefined` on a bare 404, as {@link VaultClient.list}. */
async function listWithQuery(client: VaultClient, path: string, query: Record<string, string>): Promise<VaultSecret | undefined> {
  try {
    return (await client.request('LIST', path, { query })).json as VaultSecret | undefined
  } catch (err) {
    if (err instanceof ApiError && err.status === 404 && err.errors.length === 0) return undefined
    throw err
  }
}

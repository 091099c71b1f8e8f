/**
 * The frame of the read/write/list/delete and kv commands: parse the flags, give the body a
 * client for this run (one that records under `-output-policy`), print failures the vault way.
 *
 * @example
 * export const read: VaultCommand = (io, argv) =>
 *   runApiCommand(io, argv, { ...OUTPUT_FLAGS }, async (io, client, flags, args) => {
 *     const secret = await client.read(args[0])
 *     ...
 *     return 0
 *   })
 */
import { VaultClient } from '../client.js'
import { reportCommandError, type VaultCliIo } from '../command.js'
import { parseFlags, type FlagSpec, type FlagValues } from '../flags.js'

/** A failure whose message is printed as is, with exit code 2 (the KV preflight's own messages). */
export class PrintedFailure extends Error {
  override name = 'PrintedFailure'
}

export async function runApiCommand<S extends FlagSpec>(
  io: VaultCliIo,
  argv: readonly string[],
  spec: S,
  body: (io: VaultCliIo, client: VaultClient, flags: FlagValues<S>, args: string[]) => Promise<number>,
): Promise<number> {
  const { flags, args } = parseFlags(argv, spec)
  try {
    return await body(io, await VaultClient.fromIo(io), flags, args)
  } catch (err) {
    if (err instanceof PrintedFailure) {
      io.stderr.write(`${err.message}\n`)
      return 2
    }
    return reportCommandError(io, err)
  }
}

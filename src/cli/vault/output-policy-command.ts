/**
 * The frame of a command that honours `-output-policy`: parse its flags (plus that one),
 * run its body with a client that sends or records, and print failures the vault way.
 *
 * @example
 * export const read: VaultCommand = (io, argv) =>
 *   runPolicyAwareCommand(io, argv, { ...OUTPUT_FLAGS }, async (io, client, flags, args) => {
 *     const secret = await client.read(args[0])
 *     ...
 *     return 0
 *   })
 */
import type { VaultClient } from './client.js'
import { reportCommandError, type VaultCliIo } from './command.js'
import { flag, parseFlags, type FlagSpec, type FlagValues } from './flags.js'
import { runOutputPolicy } from './output-policy-client.js'

/** A failure whose message is printed as is, with exit code 2 (the KV preflight's own messages). */
export class PrintedFailure extends Error {
  override name = 'PrintedFailure'
}

const OUTPUT_POLICY_FLAG = { 'output-policy': flag.bool() } satisfies FlagSpec

export async function runPolicyAwareCommand<S extends FlagSpec>(
  io: VaultCliIo,
  argv: readonly string[],
  spec: S,
  body: (io: VaultCliIo, client: VaultClient, flags: FlagValues<S>, args: string[]) => Promise<number>,
): Promise<number> {
  const { flags, args } = parseFlags(argv, { ...spec, ...OUTPUT_POLICY_FLAG })
  return runOutputPolicy(io, flags['output-policy'] === true, async (io, client) => {
    try {
      return await body(io, client, flags as FlagValues<S>, args)
    } catch (err) {
      if (err instanceof PrintedFailure) {
        io.stderr.write(`${err.message}\n`)
        return 2
      }
      return reportCommandError(io, err)
    }
  })
}

/**
 * `vault status`: the seal status and HA state. Exit 0 when unsealed, 2 when
 * sealed, 1 on an error (vault reserves 2 for "sealed" here).
 */
import { VaultClient } from '../client.js'
import { expectArgs, type VaultCommand } from '../command.js'
import { OUTPUT_FLAGS, parseFlags } from '../flags.js'
import { fail, outputOptions } from '../output.js'
import { fetchSealStatus, printSealStatus } from '../seal-status.js'

export const status: VaultCommand = async (io, argv) => {
  const { flags, args } = parseFlags(argv, OUTPUT_FLAGS)
  expectArgs(args, 0)
  const client = await VaultClient.fromIo(io)
  let sealStatus
  try {
    sealStatus = await fetchSealStatus(client)
  } catch (err) {
    fail(io, `Error checking seal status: ${(err as Error).message}`)
    return 1
  }
  const code = await printSealStatus(io, client, sealStatus, outputOptions(io, flags))
  return sealStatus.sealed ? 2 : code
}

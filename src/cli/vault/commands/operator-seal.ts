/** `vault operator seal`: seals the server (needs a sudo-capable token). */
import { VaultClient } from '../client.js'
import { expectArgs, reportCommandError, type VaultCommand } from '../command.js'
import { parseFlags } from '../flags.js'
import { success } from '../output.js'

export const operatorSeal: VaultCommand = async (io, argv) => {
  const { args } = parseFlags(argv, {})
  expectArgs(args, 0)
  const client = await VaultClient.fromIo(io)
  try {
    await client.request('PUT', 'sys/seal')
  } catch (err) {
    return reportCommandError(io, err, 'Error sealing')
  }
  success(io, 'Vault is sealed.')
  return 0
}

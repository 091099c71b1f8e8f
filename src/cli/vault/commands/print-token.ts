/** `vault print token`: the token later commands would send (VAULT_TOKEN, else ~/.vault-token). */
import { VaultClient } from '../client.js'
import type { VaultCommand } from '../command.js'
import { parseFlags } from '../flags.js'
import { say } from '../output.js'

export const printToken: VaultCommand = async (io, argv) => {
  parseFlags(argv, {})
  say(io, (await VaultClient.fromIo(io)).token ?? '')
  return 0
}

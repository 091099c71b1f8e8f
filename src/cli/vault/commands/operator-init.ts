/**
 * `vault operator init [-key-shares=5] [-key-threshold=3] [-status]`: initialises
 * the seal, prints the unseal keys, the root token and vault's advice.
 */
import { VaultClient } from '../client.js'
import { expectArgs, reportCommandError, type VaultCommand } from '../command.js'
import { flag, OUTPUT_FLAGS, parseFlags } from '../flags.js'
import { fail, outputOptions, printFormatted, say } from '../output.js'
import { wrapAtLength } from '../wrap.js'

interface InitResponse {
  keys: string[]
  keys_base64?: string[]
  root_token: string
}

const SPEC = {
  ...OUTPUT_FLAGS,
  'key-shares': flag.int({ default: 5, aliases: ['n'] }),
  'key-threshold': flag.int({ default: 3, aliases: ['t'] }),
  status: flag.bool(),
}

export const operatorInit: VaultCommand = async (io, argv) => {
  const { flags, args } = parseFlags(argv, SPEC)
  expectArgs(args, 0)
  const client = await VaultClient.fromIo(io)
  const out = outputOptions(io, flags)
  if (flags.status) return initStatus(io, client, out)
  const shares = flags['key-shares']
  const threshold = flags['key-threshold']
  let reply: InitResponse
  try {
    reply = (await client.request('PUT', 'sys/init', { body: { secret_shares: shares, secret_threshold: threshold } })).json as InitResponse
  } catch (err) {
    return reportCommandError(io, err, 'Error initializing')
  }
  const keys = reply.keys_base64?.length === reply.keys.length ? reply.keys_base64 : reply.keys
  if (out.format !== 'table') {
    const machine = new Map<string, unknown>([
      ['unseal_keys_b64', reply.keys_base64 ?? []],
      ['unseal_keys_hex', reply.keys],
      ['unseal_shares', shares],
      ['unseal_threshold', threshold],
      ['recovery_keys_b64', []],
      ['recovery_keys_hex', []],
      ['recovery_keys_shares', 0],
      ['recovery_keys_threshold', 0],
      ['root_token', reply.root_token],
    ])
    return printFormatted(io, out, machine, () => undefined)
  }
  keys.forEach((key, i) => say(io, `Unseal Key ${i + 1}: ${key}`))
  say(io, '')
  say(io, `Initial Root Token: ${reply.root_token}`)
  say(io, '')
  say(io, wrapAtLength(
    `Vault initialized with ${shares} key shares and a key threshold of ${threshold}. Please securely distribute the key shares printed above. ` +
      `When the Vault is re-sealed, restarted, or stopped, you must supply at least ${threshold} of these keys to unseal it before it can start servicing requests.`,
  ))
  say(io, '')
  say(io, wrapAtLength(`Vault does not store the generated root key. Without at least ${threshold} keys to reconstruct the root key, Vault will remain permanently sealed!`))
  say(io, '')
  say(io, wrapAtLength('It is possible to generate new unseal keys, provided you have a quorum of existing unseal keys shares. See "vault operator rekey" for more information.'))
  return 0
}

/** `-status`: exit 0 when initialised, 2 when not, 1 on an error. */
async function initStatus(io: Parameters<VaultCommand>[0], client: VaultClient, out: ReturnType<typeof outputOptions>): Promise<number> {
  let initialized: boolean
  try {
    initialized = ((await client.request('GET', 'sys/init')).json as { initialized: boolean }).initialized
  } catch (err) {
    fail(io, `Error checking init status: ${(err as Error).message}`)
    return 1
  }
  const code = printFormatted(io, out, new Map([['Initialized', initialized]]), () => say(io, initialized ? 'Vault is initialized' : 'Vault is not initialized'))
  return code !== 0 ? code : initialized ? 0 : 2
}

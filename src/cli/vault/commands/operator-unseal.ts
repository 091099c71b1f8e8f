/**
 * `vault operator unseal [-reset] [key]`: submits one unseal key share (from the
 * argument, or read from stdin when it is missing or `-`) and prints the seal status.
 */
import { VaultClient } from '../client.js'
import { CommandUsageError, reportCommandError, type VaultCommand } from '../command.js'
import { flag, OUTPUT_FLAGS, parseFlags } from '../flags.js'
import { outputOptions } from '../output.js'
import { promptSecret } from '../prompt.js'
import { printSealStatus, type SealStatus } from '../seal-status.js'

const SPEC = { ...OUTPUT_FLAGS, reset: flag.bool(), migrate: flag.bool(), 'non-interactive': flag.bool() }

export const operatorUnseal: VaultCommand = async (io, argv) => {
  const { flags, args } = parseFlags(argv, SPEC)
  if (args.length > 1) throw new CommandUsageError(`Too many arguments (expected 1, got ${args.length})`)
  const client = await VaultClient.fromIo(io)
  const out = outputOptions(io, flags)
  if (flags.reset) {
    try {
      const status = (await client.request('PUT', 'sys/unseal', { body: { reset: true } })).json as SealStatus
      return await printSealStatus(io, client, status, out)
    } catch (err) {
      return reportCommandError(io, err, 'Error resetting unseal process')
    }
  }
  let key = (args[0] ?? '').trim()
  if (key === '' || key === '-') {
    if (flags['non-interactive'] && key === '') {
      throw new CommandUsageError('Refusing to read from stdin with -non-interactive specified; specify unseal key as an argument to this command')
    }
    key = await promptSecret(io, io.stdout, 'Unseal Key (will be hidden): ')
  }
  try {
    const status = (await client.request('PUT', 'sys/unseal', { body: { key, migrate: flags.migrate } })).json as SealStatus
    return await printSealStatus(io, client, status, out)
  } catch (err) {
    return reportCommandError(io, err, 'Error unsealing')
  }
}

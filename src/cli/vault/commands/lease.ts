/** `vault lease lookup|renew|revoke`: leases under `sys/leases/*`. */
import { VaultClient } from '../client.js'
import { CommandUsageError, expectArgs, reportCommandError, type VaultCommand } from '../command.js'
import { flag, OUTPUT_FLAGS, parseFlags } from '../flags.js'
import { outputOptions, printSecret, say, success } from '../output.js'
import { wrapAtLength } from '../wrap.js'

export const leaseRenew: VaultCommand = async (io, argv) => {
  const { flags, args } = parseFlags(argv, { ...OUTPUT_FLAGS, increment: flag.duration({ aliases: ['i'] }) })
  if (args.length === 0) throw new CommandUsageError('Missing ID!')
  if (args.length > 1) throw new CommandUsageError(`Too many arguments (expected 1-2, got ${args.length})`)
  const leaseId = (args[0] as string).trim()
  const client = await VaultClient.fromIo(io)
  try {
    const secret = await client.write('sys/leases/renew', { lease_id: leaseId, increment: Math.max(0, flags.increment ?? 0) })
    return printSecret(io, secret ?? {}, outputOptions(io, flags))
  } catch (err) {
    return reportCommandError(io, err, `Error renewing ${leaseId}`)
  }
}

export const leaseRevoke: VaultCommand = async (io, argv) => {
  const { flags, args } = parseFlags(argv, { prefix: flag.bool(), force: flag.bool({ aliases: ['f'] }), sync: flag.bool() })
  expectArgs(args, 1)
  if (flags.force && !flags.prefix) throw new CommandUsageError('Specifying -force requires also specifying -prefix')
  const leaseId = (args[0] as string).trim()
  if (flags.force) io.stderr.write(`${wrapAtLength('Warning! Force-removing leases can cause Vault to become out of sync with secret engines!')}\n`)
  const client = await VaultClient.fromIo(io)
  try {
    if (flags.force) await client.request('PUT', `sys/leases/revoke-force/${leaseId}`)
    else await client.write(`sys/leases/${flags.prefix ? 'revoke-prefix' : 'revoke'}/${leaseId}`, { sync: flags.sync })
  } catch (err) {
    const what = flags.force ? `Error force revoking leases with prefix ${leaseId}` : flags.prefix ? `Error revoking leases with prefix ${leaseId}` : `Error revoking lease ${leaseId}`
    return reportCommandError(io, err, what)
  }
  if (flags.force) success(io, `Force revoked any leases with prefix: ${leaseId}`)
  else if (flags.sync) success(io, flags.prefix ? `Revoked any leases with prefix: ${leaseId}` : `Revoked lease: ${leaseId}`)
  else say(io, 'All revocation operations queued successfully!')
  return 0
}

export const leaseLookup: VaultCommand = async (io, argv) => {
  const { flags, args } = parseFlags(argv, OUTPUT_FLAGS)
  if (args.length === 0) throw new CommandUsageError('Missing ID!')
  if (args.length > 1) throw new CommandUsageError(`Too many arguments (expected 1, got ${args.length})`)
  const leaseId = (args[0] as string).trim()
  const client = await VaultClient.fromIo(io)
  try {
    return printSecret(io, (await client.write('sys/leases/lookup', { lease_id: leaseId })) ?? {}, outputOptions(io, flags))
  } catch (err) {
    return reportCommandError(io, err, `error looking up lease id ${leaseId}`)
  }
}

/**
 * `vault operator rekey`: new unseal key shares (and a new root key) from a
 * quorum of the current ones. `-init -key-shares=N -key-threshold=T` starts,
 * each call with a key share adds one (`-nonce`, or prompted with the nonce
 * shown), the last prints the new keys; also `-status` and `-cancel`.
 */
import { VaultClient } from '../client.js'
import { CommandUsageError, reportCommandError, type VaultCommand } from '../command.js'
import type { VaultCliIo } from '../command.js'
import { flag, OUTPUT_FLAGS, parseFlags } from '../flags.js'
import { fail, outputOptions, printFormatted, say, success, type OutputOptions } from '../output.js'
import { readKeyShare } from '../key-share-input.js'
import { keyValueTable } from '../table.js'
import { wrapAtLength } from '../wrap.js'
import type { RekeyResult, RekeyStatus } from '../../../emulator/builtin/sys/path-rekey.js'

const SPEC = {
  ...OUTPUT_FLAGS,
  init: flag.bool(),
  status: flag.bool(),
  cancel: flag.bool(),
  nonce: flag.string(),
  'key-shares': flag.int({ default: 5 }),
  'key-threshold': flag.int({ default: 3 }),
  'pgp-keys': flag.strings(),
  backup: flag.bool(),
  verify: flag.bool(),
  'non-interactive': flag.bool(),
}

function printStatus(io: VaultCliIo, out: OutputOptions, status: RekeyStatus): number {
  return printFormatted(io, out, status, () => {
    const rows: Array<[string, string]> = [
      ['Nonce', status.nonce],
      ['Started', String(status.started)],
    ]
    if (status.started) {
      rows.push(['Rekey Progress', `${status.progress}/${status.required}`])
      rows.push(['New Shares', String(status.n)], ['New Threshold', String(status.t)])
      rows.push(['Verification Required', String(status.verification_required)])
    }
    say(io, keyValueTable(rows))
  })
}

function printNewKeys(io: VaultCliIo, out: OutputOptions, result: RekeyResult, config: { n: number; t: number }): number {
  if (out.format !== 'table') return printFormatted(io, out, result, () => undefined)
  say(io, '')
  result.keys_base64.forEach((key, i) => say(io, `Key ${i + 1}: ${key}`))
  say(io, '')
  say(io, `Operation nonce: ${result.nonce}`)
  say(io, '')
  say(io, wrapAtLength(
    `Vault rekeyed with ${config.n} key shares and a key threshold of ${config.t}. Please securely distribute the key shares printed above. When Vault is re-sealed, restarted, or stopped, you must supply at least ${config.t} of these keys to unseal it before it can start servicing requests.`,
  ))
  return 0
}

export const operatorRekey: VaultCommand = async (io, argv) => {
  const { flags, args } = parseFlags(argv, SPEC)
  if (args.length > 1) throw new CommandUsageError(`Too many arguments (expected 0-1, got ${args.length})`)
  const client = await VaultClient.fromIo(io)
  const out = outputOptions(io, flags)
  const status = async (): Promise<RekeyStatus> => (await client.request('GET', 'sys/rekey/init')).json as RekeyStatus

  if (flags.init) {
    const body = {
      secret_shares: flags['key-shares'],
      secret_threshold: flags['key-threshold'],
      pgp_keys: flags['pgp-keys'],
      backup: flags.backup,
      require_verification: flags.verify,
    }
    let started: RekeyStatus
    try {
      started = (await client.request('PUT', 'sys/rekey/init', { body })).json as RekeyStatus
    } catch (err) {
      return reportCommandError(io, err, 'Error initializing rekey')
    }
    if (out.format === 'table') {
      fail(io, wrapAtLength('WARNING! If you lose the keys after they are returned, there is no recovery. Consider canceling this operation and re-initializing with the -pgp-keys flag to protect the returned unseal keys along with -backup to allow recovery of the encrypted keys in case of emergency. You can delete the stored keys later using the -delete flag.'))
      fail(io, '')
    }
    return printStatus(io, out, started)
  }

  if (flags.cancel) {
    try {
      await client.request('DELETE', 'sys/rekey/init')
    } catch (err) {
      return reportCommandError(io, err, 'Error canceling rekey')
    }
    success(io, 'Canceled rekeying (if it was started)')
    return 0
  }

  let current: RekeyStatus
  try {
    current = await status()
  } catch (err) {
    return reportCommandError(io, err, 'Error getting rekey status')
  }
  if (flags.status) return printStatus(io, out, current)

  if (!current.started) {
    fail(io, wrapAtLength('No rekey is in progress. Start a rekey process by running "vault operator rekey -init".'))
    return 1
  }
  const share = await readKeyShare(io, { argument: args[0], nonceFlag: flags.nonce, nonInteractive: flags['non-interactive'], currentNonce: current.nonce, nonceLabel: 'Rekey operation nonce' })
  if (typeof share === 'number') return share
  let reply: RekeyStatus | RekeyResult
  try {
    reply = (await client.request('PUT', 'sys/rekey/update', { body: share })).json as RekeyStatus | RekeyResult
  } catch (err) {
    return reportCommandError(io, err, 'Error posting unseal key')
  }
  if ('complete' in reply && reply.complete) return printNewKeys(io, out, reply, current)
  return printStatus(io, out, reply as RekeyStatus)
}

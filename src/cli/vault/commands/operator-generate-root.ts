/**
 * `vault operator generate-root`: a new root token from a quorum of unseal key
 * shares (the lesson's cure for a revoked root token). `-init` starts an
 * attempt (generating the OTP), each call with a key share adds one,
 * `-decode=<encoded> -otp=<otp>` turns the final encoded token into the token;
 * also `-status`, `-cancel`, `-generate-otp`.
 */
import { randomInt } from 'node:crypto'
import { VaultClient } from '../client.js'
import { CommandUsageError, reportCommandError, type VaultCommand } from '../command.js'
import type { VaultCliIo } from '../command.js'
import { flag, OUTPUT_FLAGS, parseFlags } from '../flags.js'
import { fail, outputOptions, printFormatted, say, success, type OutputOptions } from '../output.js'
import { readLine } from '../prompt.js'
import { readKeyShare } from '../key-share-input.js'
import { columns } from '../table.js'
import { wrapAtLength } from '../wrap.js'
import { decodeRootToken, TokenDecodeError } from '../../../emulator/core/seal/root-token-otp.js'
import type { GenerateRootStatus } from '../../../emulator/builtin/sys/path-generate-root.js'

const SPEC = {
  ...OUTPUT_FLAGS,
  init: flag.bool(),
  status: flag.bool(),
  cancel: flag.bool(),
  decode: flag.string(),
  otp: flag.string(),
  nonce: flag.string(),
  'generate-otp': flag.bool(),
  'pgp-key': flag.string(),
  'non-interactive': flag.bool(),
}

const BASE62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'

function printStatus(io: VaultCliIo, out: OutputOptions, status: GenerateRootStatus): number {
  return printFormatted(io, out, status, () => {
    const rows: string[][] = [
      ['Nonce', status.nonce],
      ['Started', String(status.started)],
      ['Progress', `${status.progress}/${status.required}`],
      ['Complete', String(status.complete)],
    ]
    if (status.pgp_fingerprint) rows.push(['PGP Fingerprint', status.pgp_fingerprint])
    if (status.encoded_token) rows.push(['Encoded Token', status.encoded_token])
    else if (status.encoded_root_token) rows.push(['Encoded Root Token', status.encoded_root_token])
    if (status.otp) {
      fail(io, wrapAtLength('A One-Time-Password has been generated for you and is shown in the OTP field. You will need this value to decode the resulting root token, so keep it safe.'))
      rows.push(['OTP', status.otp])
    }
    if (status.otp_length) rows.push(['OTP Length', String(status.otp_length)])
    say(io, columns(rows))
  })
}

export const operatorGenerateRoot: VaultCommand = async (io, argv) => {
  const { flags, args } = parseFlags(argv, SPEC)
  if (args.length > 1) throw new CommandUsageError(`Too many arguments (expected 0-1, got ${args.length})`)
  const client = await VaultClient.fromIo(io)
  const out = outputOptions(io, flags)
  const status = async (): Promise<GenerateRootStatus> => (await client.request('GET', 'sys/generate-root/attempt')).json as GenerateRootStatus

  if (flags['generate-otp']) {
    let length: number
    try {
      length = (await status()).otp_length || 28
    } catch (err) {
      return reportCommandError(io, err, 'Error getting root generation status')
    }
    const otp = Array.from({ length }, () => BASE62[randomInt(BASE62.length)]).join('')
    return out.format === 'table' ? (say(io, otp), 0) : printFormatted(io, out, { otp, otp_length: otp.length }, () => say(io, otp))
  }

  if (flags.decode) {
    if (!flags.otp) {
      fail(io, 'Missing otp: use -otp to supply it')
      return 1
    }
    const encoded = flags.decode === '-' ? (await readLine(io.stdin)).trim() : flags.decode
    try {
      const token = decodeRootToken(encoded, flags.otp)
      return out.format === 'table' ? (say(io, token), 0) : printFormatted(io, out, { token }, () => say(io, token))
    } catch (err) {
      if (!(err instanceof TokenDecodeError)) throw err
      fail(io, `Error decoding root token: ${err.message}`)
      return 1
    }
  }

  if (flags.cancel) {
    try {
      await client.request('DELETE', 'sys/generate-root/attempt')
    } catch (err) {
      return reportCommandError(io, err, 'Error canceling root token generation')
    }
    success(io, 'Root token generation canceled (if it was started)')
    return 0
  }

  if (flags.init) {
    if (flags.otp && flags['pgp-key']) {
      fail(io, 'Error initializing: cannot specify both -otp and -pgp-key')
      return 1
    }
    try {
      const started = (await client.request('PUT', 'sys/generate-root/attempt', { body: { otp: flags.otp ?? '', pgp_key: flags['pgp-key'] ?? '' } })).json as GenerateRootStatus
      return printStatus(io, out, started)
    } catch (err) {
      return reportCommandError(io, err, 'Error initializing root generation')
    }
  }

  let current: GenerateRootStatus
  try {
    current = await status()
  } catch (err) {
    return reportCommandError(io, err, 'Error getting root generation status')
  }
  if (flags.status) return printStatus(io, out, current)

  if (!current.started) {
    fail(io, wrapAtLength('No root generation is in progress. Start a root generation by running "vault operator generate-root -init".'))
    fail(io, wrapAtLength(`If starting root generation using the OTP method and generating your own OTP, the length of the OTP string needs to be ${current.otp_length} characters in length.`))
    return 1
  }
  const share = await readKeyShare(io, { argument: args[0], nonceFlag: flags.nonce, nonInteractive: flags['non-interactive'], currentNonce: current.nonce, nonceLabel: 'Operation nonce' })
  if (typeof share === 'number') return share
  try {
    const updated = (await client.request('PUT', 'sys/generate-root/update', { body: share })).json as GenerateRootStatus
    return printStatus(io, out, updated)
  } catch (err) {
    return reportCommandError(io, err, 'Error posting unseal key')
  }
}

/**
 * The key share and nonce of one step of a quorum operation (`operator
 * generate-root`, `operator rekey`), as vault reads them: the share as the
 * argument with `-nonce`, `-` to read it from stdin, or, with no argument, a
 * hidden prompt after printing the operation's own nonce.
 */
import type { VaultCliIo } from './command.js'
import { fail, say } from './output.js'
import { promptSecret, readLine } from './prompt.js'

export interface KeyShareInput {
  /** The argument after the flags: a share, `-`, or undefined. */
  argument: string | undefined
  /** `-nonce`, if given. */
  nonceFlag: string | undefined
  nonInteractive: boolean
  /** The running operation's nonce, shown before the prompt. */
  currentNonce: string
  /** "Operation nonce" or "Rekey operation nonce". */
  nonceLabel: string
}

/** The share and nonce to send, or the exit code after printing why there are none. */
export async function readKeyShare(io: VaultCliIo, input: KeyShareInput): Promise<{ key: string; nonce: string } | number> {
  let key = (input.argument ?? '').trim()
  let nonce = input.nonceFlag ?? ''
  if (key === '-') {
    key = (await readLine(io.stdin)).trim()
  } else if (key === '') {
    if (input.nonInteractive) {
      fail(io, 'Refusing to read from stdin with -non-interactive specified; specify nonce via the -nonce flag')
      return 1
    }
    nonce = input.currentNonce
    say(io, `${input.nonceLabel}: ${nonce}`)
    key = (await promptSecret(io, io.stdout, 'Unseal Key (will be hidden): ')).trim()
  }
  if (nonce === '') {
    fail(io, 'Missing nonce value: specify it via the -nonce flag')
    return 1
  }
  return { key, nonce }
}

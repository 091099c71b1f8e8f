/**
 * Running a command under `-output-policy` (a global flag, as in vault): its clients record
 * the first request instead of sending it (`VaultClient.recordOnly`), and the command's output
 * is replaced by the policy that request needs.
 *
 * As in vault, the KV preflight (`sys/internal/ui/mounts/...`) still goes out, since the path
 * of the real request depends on the mount's version; while in this mode the command's own
 * error messages are held back and shown only if no request was recorded.
 *
 * @example
 * // in the dispatcher
 * return runOutputPolicy(io, (recording) => runVaultCommand(recording, withoutOutputPolicyFlag(argv)))
 */
import { Writable } from 'node:stream'
import { VaultClient } from './client.js'
import type { VaultCliIo } from './command.js'
import { OutputPolicyRequest } from './output-policy.js'

/** `argv` without `-output-policy` / `--output-policy` (flags end at `--`). */
export function withoutOutputPolicyFlag(argv: readonly string[]): string[] {
  const end = argv.includes('--') ? argv.indexOf('--') : argv.length
  return argv.filter((arg, i) => i >= end || (arg !== '-output-policy' && arg !== '--output-policy'))
}

/** A stream that keeps what is written to it. */
function heldStream(): Writable & { text(): string } {
  const chunks: string[] = []
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      chunks.push(typeof chunk === 'string' ? chunk : chunk.toString('utf8'))
      done()
    },
  })
  return Object.assign(stream, { text: () => chunks.join('') })
}

/** `vault`'s message for a preflight refused while printing a policy. */
export function preflightDeniedMessage(path: string): string {
  return `This output flag requires the success of a preflight request 
to determine the version of a KV secrets engine. Please 
re-run this command with a token with read access to ${path}. 
Note that if the path you are trying to reach is a KV v2 path, your token's policy must 
allow read access to that path in the format 'mount-path/data/foo', not just 'mount-path/foo'.`
}

/**
 * Runs a command with recording clients and prints the policy of the request it tried (exit 0).
 * Like vault: a run that ends without a recorded request prints its held-back errors and
 * `Unable to generate policy from command`; one that succeeds without a request prints
 * `Could not generate policy` (exit 1).
 */
export async function runOutputPolicy(io: VaultCliIo, run: (recording: VaultCliIo) => Promise<number>): Promise<number> {
  const heldErrors = heldStream()
  let code: number
  try {
    code = await run({ ...io, stderr: heldErrors, outputPolicy: true })
  } catch (err) {
    if (!(err instanceof OutputPolicyRequest)) throw err
    let policy: string
    try {
      policy = err.policy
    } catch (buildError) {
      io.stderr.write(`Error assembling policy HCL: ${(buildError as Error).message}\n`)
      return 1
    }
    io.stdout.write(`${policy}\n`)
    return 0
  }
  if (code === 0) {
    io.stderr.write('Could not generate policy')
    return 1
  }
  io.stderr.write(`${heldErrors.text()}Unable to generate policy from command\n`)
  return code
}

/** A client that really sends, for the reads vault keeps out of the policy (the pre-read of `kv patch -method=rw`). */
export function sendingClient(client: VaultClient): VaultClient {
  return client.recordOnly ? new VaultClient(client.address, client.token) : client
}

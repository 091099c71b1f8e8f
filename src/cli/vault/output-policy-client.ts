/**
 * Running a command in `-output-policy` mode: its client records the first request instead
 * of sending it, and the command's output is replaced by the policy that request needs.
 *
 * As in vault, the KV preflight (`sys/internal/ui/mounts/...`) still goes out, since the path
 * of the real request depends on the mount's version; while in this mode the command's own
 * error messages are held back and shown only if no request was recorded.
 *
 * @example
 * const { flags } = parseFlags(args, { 'output-policy': flag.bool(), ... })
 * return runOutputPolicy(io, flags['output-policy'], async (io, client) => { ... client.read(path) ... })
 */
import { Writable } from 'node:stream'
import { VaultClient, type ClientReply, type RequestOptions } from './client.js'
import type { VaultCliIo } from './command.js'
import { OutputPolicyRequest } from './output-policy.js'

const PREFLIGHT_PREFIX = 'sys/internal/ui/mounts/'

/** A client that throws {@link OutputPolicyRequest} in place of every request but the KV preflight. */
export class OutputPolicyClient extends VaultClient {
  override async request(method: string, path: string, options: RequestOptions = {}): Promise<ClientReply> {
    const bare = path.replace(/^\/+/, '')
    if (bare.startsWith(PREFLIGHT_PREFIX)) return super.request(method, path, options)
    const query = method === 'LIST' ? { ...options.query, list: 'true' } : options.query
    throw new OutputPolicyRequest({ method: method === 'LIST' ? 'GET' : method, path: bare, ...(query ? { query } : {}) })
  }
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

/** `vault`'s 403 message for a preflight refused while printing a policy. */
export function preflightDeniedMessage(path: string): string {
  return `This output flag requires the success of a preflight request 
to determine the version of a KV secrets engine. Please 
re-run this command with a token with read access to ${path}. 
Note that if the path you are trying to reach is a KV v2 path, your token's policy must 
allow read access to that path in the format 'mount-path/data/foo', not just 'mount-path/foo'.`
}

/**
 * Runs `run` with a client for `io`; with `outputPolicy` the client records instead of
 * sending and the policy is printed (exit 0). Like vault: a run that ends without a
 * recorded request prints its held-back errors and `Unable to generate policy from command`.
 */
export async function runOutputPolicy(
  io: VaultCliIo,
  outputPolicy: boolean,
  run: (io: VaultCliIo, client: VaultClient) => Promise<number>,
): Promise<number> {
  const client = await VaultClient.fromIo(io)
  if (!outputPolicy) return run(io, client)
  const heldErrors = heldStream()
  const quiet: VaultCliIo = { ...io, stderr: heldErrors }
  let code: number
  try {
    code = await run(quiet, new OutputPolicyClient(client.address, client.token))
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
  return client instanceof OutputPolicyClient ? new VaultClient(client.address, client.token) : client
}

/**
 * The two endings most vault commands share: a failed request printed as
 * `<what>: Error making API request. ...` (exit 2), and after a write or delete
 * `Success! ...` for an empty reply or else the reply itself.
 */
import type { VaultSecret } from '../client.js'
import { reportCommandError, type VaultCliIo } from '../command.js'
import { printSecret, success, type OutputOptions } from '../output.js'

/**
 * Sends one request; a failure is printed after `what` and becomes the exit code.
 *
 * @example
 * const sent = await sendOrReport(io, `Error reading ${path}`, () => client.read(path))
 * if ('code' in sent) return sent.code
 */
export async function sendOrReport<T>(io: VaultCliIo, what: string, send: () => Promise<T>): Promise<{ value: T } | { code: number }> {
  try {
    return { value: await send() }
  } catch (err) {
    return { code: reportCommandError(io, err, what) }
  }
}

/** `Success! <message>` when the reply is empty (table format only; JSON prints nothing), else the reply. */
export function printChangeOutcome(io: VaultCliIo, secret: VaultSecret | undefined, out: OutputOptions, message: string): number {
  if (secret !== undefined) return printSecret(io, secret, out)
  if (out.format === 'table') success(io, message)
  return 0
}

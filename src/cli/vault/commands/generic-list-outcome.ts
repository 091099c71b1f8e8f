/**
 * What `vault list` and `vault kv list` print for a LIST reply: the keys, or why there are
 * none (`No value found at`, `No entries found at`; `{}` in JSON), with exit code 2.
 */
import type { VaultSecret } from '../client.js'
import type { VaultCliIo } from '../command.js'
import { fail, printList, printMap, printSecret, type OutputOptions } from '../output.js'

/**
 * Prints a LIST outcome. `secret.data` without keys prints the whole response when
 * `printBareData` says so (`vault list` shows warnings and other data; `kv list` does not).
 */
export function printListOutcome(
  io: VaultCliIo,
  path: string,
  secret: VaultSecret | undefined,
  out: OutputOptions,
  printBareData = false,
): number {
  if (secret?.wrap_info) return printSecret(io, secret, out)
  const hasKeys = Array.isArray(secret?.data?.['keys'])
  if (out.format !== 'table' && (!secret?.data || !hasKeys)) {
    printMap(io, {}, out)
    return 2
  }
  if (secret === undefined || (!secret.data && !printBareData)) {
    fail(io, `No value found at ${path}`)
    return 2
  }
  if (!secret.data) return printSecret(io, secret, out)
  if (!hasKeys) {
    fail(io, `No entries found at ${path}`)
    return 2
  }
  return printList(io, secret, out)
}

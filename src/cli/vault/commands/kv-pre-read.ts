/**
 * The read `kv patch -method=rw` and `kv rollback` do before they write: the latest (or a given)
 * KV v2 version with its metadata, kept out of `-output-policy` as vault keeps it.
 */
import type { VaultClient } from '../client.js'
import type { VaultCliIo } from '../command.js'
import { fail } from '../output.js'
import { sendingClient } from '../output-policy-client.js'
import { sendOrReport } from './generic-outcome.js'
import { readSecret } from './generic-read-secret.js'
import { isRecord } from './kv-output.js'

/** A version read back: its metadata and its data (absent on a deleted or destroyed version). */
export interface PreRead {
  metadata: Record<string, unknown>
  data: unknown
}

/**
 * Reads `path` (at `version` when given); on failure prints vault's message and gives the exit
 * code. `command` names the command in "...; <command> only works on existing data".
 */
export async function preRead(io: VaultCliIo, client: VaultClient, path: string, command: 'patch' | 'rollback', version?: number): Promise<PreRead | number> {
  const query = version === undefined ? undefined : { version: String(version) }
  const sent = await sendOrReport(io, `Error doing pre-read at ${path}`, () => readSecret(sendingClient(client), path, query))
  if ('code' in sent) return sent.code
  const secret = sent.value
  if (!secret?.data) return failed(io, `No value found at ${path}`)
  const metadata = secret.data['metadata']
  if (metadata === undefined || metadata === null) return failed(io, `No metadata found at ${path}; ${command} only works on existing data`)
  if (!isRecord(metadata)) return failed(io, `Metadata found at ${path} is not the expected type (JSON object)`)
  return { metadata, data: secret.data['data'] }
}

/** The pre-read's data as an object, or the exit code after vault's message. */
export function existingData(io: VaultCliIo, path: string, command: 'patch' | 'rollback', read: PreRead): Record<string, unknown> | number {
  if (read.data === undefined || read.data === null) return failed(io, `No data found at ${path}; ${command} only works on existing data`)
  if (!isRecord(read.data)) return failed(io, `Data found at ${path} is not the expected type (JSON object)`)
  return read.data
}

function failed(io: VaultCliIo, message: string): number {
  fail(io, message)
  return 2
}

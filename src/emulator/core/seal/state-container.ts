/**
 * The encrypted state as it sits in a state file and in a snapshot's
 * `state.bin`: one line of JSON header (seal configuration, the encrypted
 * keyring; readable with `head -1`), a newline, then the storage entries
 * encrypted under the keyring (AES-256-GCM).
 */
import type { SealConfig } from './seal-config.js'

export const STATE_FORMAT = 'vault-emu-state'

export interface StateHeader {
  format: typeof STATE_FORMAT
  version: 1
  seal: SealConfig
  /** The keyring, AES-256-GCM under the root key, base64. */
  keyring: string
  /** Dev mode only: the root key in clear (base64), so that a restart unseals by itself. */
  dev_root_key?: string
  cluster_name: string
  cluster_id: string
  /** Virtual time of the write. */
  saved_at: string
}

export interface StateContainer {
  header: StateHeader
  /** The storage entries, encrypted under the keyring. */
  ciphertext: Uint8Array
}

export class StateFormatError extends Error {
  override name = 'StateFormatError'
}

export function encodeContainer(container: StateContainer): Buffer {
  return Buffer.concat([Buffer.from(`${JSON.stringify(container.header)}\n`), container.ciphertext])
}

export function decodeContainer(bytes: Uint8Array): StateContainer {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const newline = buf.indexOf(0x0a)
  if (newline === -1) throw new StateFormatError('not a vault-emu state: no header line')
  let header: unknown
  try {
    header = JSON.parse(buf.subarray(0, newline).toString('utf8'))
  } catch {
    throw new StateFormatError('not a vault-emu state: the header is not JSON')
  }
  if (!isHeader(header)) throw new StateFormatError('not a vault-emu state: unknown header format')
  return { header, ciphertext: buf.subarray(newline + 1) }
}

function isHeader(value: unknown): value is StateHeader {
  if (!value || typeof value !== 'object') return false
  const h = value as Record<string, unknown>
  const seal = h['seal'] as Record<string, unknown> | undefined
  return h['format'] === STATE_FORMAT && h['version'] === 1 && typeof h['keyring'] === 'string' &&
    typeof seal === 'object' && seal !== null && typeof seal['secret_shares'] === 'number' && typeof seal['secret_threshold'] === 'number'
}

/** Storage entries (key → JSON text) as bytes to encrypt. */
export function encodeEntries(entries: ReadonlyMap<string, string>): Buffer {
  return Buffer.from(JSON.stringify([...entries]))
}

export function decodeEntries(bytes: Uint8Array): Map<string, string> {
  const parsed: unknown = JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8'))
  if (!Array.isArray(parsed)) throw new StateFormatError('state entries are not a list')
  const out = new Map<string, string>()
  for (const pair of parsed as unknown[]) {
    if (!Array.isArray(pair) || typeof pair[0] !== 'string' || typeof pair[1] !== 'string') throw new StateFormatError('malformed state entry')
    out.set(pair[0], pair[1])
  }
  return out
}

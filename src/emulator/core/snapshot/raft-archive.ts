/**
 * The file `vault operator raft snapshot save` writes: a gzip'd tar with
 * `meta.json`, `state.bin`, `SHA256SUMS` (sha256 of the first two, as
 * `<hex>  <name>` lines) and `SHA256SUMS.sealed` — the same list encrypted
 * under the root key, which is how a restore recognises a snapshot taken with
 * another set of unseal keys. The CLI refuses a snapshot without a non-empty
 * `SHA256SUMS.sealed`.
 */
import { createHash } from 'node:crypto'
import { gunzipSync, gzipSync } from 'node:zlib'
import { readTar, TarError, writeTar } from './tar.js'

export class SnapshotArchiveError extends Error {
  override name = 'SnapshotArchiveError'
}

export interface SnapshotContents {
  meta: Uint8Array
  state: Uint8Array
}

export interface BuildOptions extends SnapshotContents {
  /** Encrypts the hash list under the root key. */
  seal: (bytes: Uint8Array) => Uint8Array
  /** Member modification time, Unix seconds. */
  mtime: number
}

export interface ReadSnapshot extends SnapshotContents {
  /** Whether `SHA256SUMS.sealed` opened with this cluster's root key and matched. */
  sealedByThisCluster: boolean
}

const MEMBERS = ['meta.json', 'state.bin', 'SHA256SUMS', 'SHA256SUMS.sealed']

function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex')
}

function hashList(contents: SnapshotContents): Buffer {
  return Buffer.from(`${sha256Hex(contents.meta)}  meta.json\n${sha256Hex(contents.state)}  state.bin\n`)
}

export function buildRaftSnapshot(options: BuildOptions): Buffer {
  const sums = hashList(options)
  const tar = writeTar([
    { name: 'meta.json', data: options.meta, mtime: options.mtime },
    { name: 'state.bin', data: options.state, mtime: options.mtime },
    { name: 'SHA256SUMS', data: sums, mtime: options.mtime },
    { name: 'SHA256SUMS.sealed', data: options.seal(sums), mtime: options.mtime },
  ])
  return gzipSync(tar)
}

/** Check that a hash list names exactly meta.json and state.bin with their digests. */
function verifyHashList(list: Uint8Array, contents: SnapshotContents): void {
  const expected = new Map([['meta.json', sha256Hex(contents.meta)], ['state.bin', sha256Hex(contents.state)]])
  const seen = new Set<string>()
  for (const line of Buffer.from(list).toString('utf8').split('\n')) {
    if (line === '') continue
    const m = /^([0-9a-f]{64}) {2}(\S+)$/.exec(line)
    if (!m) throw new SnapshotArchiveError(`failed checking integrity of snapshot: malformed hash line ${JSON.stringify(line)}`)
    const [, sum, file] = m as unknown as [string, string, string]
    const want = expected.get(file)
    if (want === undefined) throw new SnapshotArchiveError(`failed checking integrity of snapshot: list missing hash for ${JSON.stringify(file)}`)
    if (want !== sum) throw new SnapshotArchiveError(`failed checking integrity of snapshot: hash check failed for ${JSON.stringify(file)}`)
    seen.add(file)
  }
  for (const file of expected.keys()) {
    if (!seen.has(file)) throw new SnapshotArchiveError(`failed checking integrity of snapshot: file missing for ${JSON.stringify(file)}`)
  }
}

/** Unpack and verify a snapshot; `open` decrypts under this cluster's root key (undefined: not ours). */
export function readRaftSnapshot(bytes: Uint8Array, open: (sealed: Uint8Array) => Uint8Array | undefined): ReadSnapshot {
  let tar: Buffer
  try {
    tar = gunzipSync(bytes)
  } catch (err) {
    throw new SnapshotArchiveError(`failed to read snapshot: ${err instanceof Error ? err.message : String(err)}`)
  }
  const files = new Map<string, Uint8Array>()
  try {
    for (const member of readTar(tar)) {
      if (!MEMBERS.includes(member.name)) throw new SnapshotArchiveError(`unexpected file ${JSON.stringify(member.name)} in snapshot`)
      files.set(member.name, member.data)
    }
  } catch (err) {
    if (err instanceof TarError) throw new SnapshotArchiveError(`failed reading snapshot: ${err.message}`)
    throw err
  }
  const meta = files.get('meta.json')
  const state = files.get('state.bin')
  const sums = files.get('SHA256SUMS')
  if (!meta || !state || !sums) throw new SnapshotArchiveError('failed checking integrity of snapshot: snapshot is missing meta.json, state.bin or SHA256SUMS')
  const contents = { meta, state }
  verifyHashList(sums, contents)
  const sealed = files.get('SHA256SUMS.sealed')
  const opened = sealed && sealed.length > 0 ? open(sealed) : undefined
  if (opened) verifyHashList(opened, contents)
  return { ...contents, sealedByThisCluster: opened !== undefined }
}

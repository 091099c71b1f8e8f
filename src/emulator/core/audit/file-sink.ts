/**
 * The `file` device's sink: an ordered queue of lines written with one
 * synchronous `write()` at the end of each event-loop turn (a group commit:
 * under load, the entries of many concurrent requests go out together).
 * Each caller waits for the write holding its line, so a request goes on
 * only once its entry is in the file and learns of a failed write before
 * anything is served; lines never interleave. A write releases requests
 * waiting for it; the lines they queue as they run on (their response
 * entries) are written as soon as they all ran, in the same turn, rather than
 * a turn later: their answers go out a turn sooner.
 *
 * Like Vault, the file (and its directory) is created on the first write,
 * the descriptor is kept open, and a failed write is retried once on a
 * freshly opened descriptor before it counts as a failure.
 */
import { closeSync, fchmodSync, fstatSync, mkdirSync, openSync, writeSync } from 'node:fs'
import { dirname } from 'node:path'
// The module's own binding: fake timers in a user's test replace the global one, and must not stall the log.
import { setImmediate as atEndOfTurn } from 'node:timers'
import type { AuditSink } from './sink.js'

/** Go's texts for the errno values an audit log runs into. */
const GO_ERRNO: Record<string, string> = {
  EACCES: 'permission denied',
  EBADF: 'bad file descriptor',
  EEXIST: 'file exists',
  EISDIR: 'is a directory',
  ENOENT: 'no such file or directory',
  ENOSPC: 'no space left on device',
  ENOTDIR: 'not a directory',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
  EDQUOT: 'disk quota exceeded',
  EIO: 'input/output error',
}

/** An fs error as Go prints it: `open /var/log/audit.log: is a directory`. */
export function goFsError(err: unknown, op: string, path: string): Error {
  const code = (err as NodeJS.ErrnoException | undefined)?.code
  const text = (code && GO_ERRNO[code]) ?? (err instanceof Error ? err.message : String(err))
  return new Error(`${op} ${path}: ${text}`)
}

/** Entries (JSON text; prefix and newline are added when written) waiting for the next write, and the promise their writers wait on. */
interface Batch {
  lines: string[]
  done: Promise<void>
  settle: (error: Error | undefined) => void
}

function newBatch(): Batch {
  let settle: Batch['settle'] = () => {}
  const done = new Promise<void>((resolve, reject) => {
    settle = (error) => (error ? reject(error) : resolve())
  })
  return { lines: [], done, settle }
}

/** The write buffer's usual size; one that grew for a huge entry shrinks back to it. */
const BUFFER_BYTES = 64 * 1024

export class FileSink implements AuditSink {
  #fd: number | undefined
  #queued: Batch | undefined
  /** Reused for every write: encoding into it is ten times cheaper than a fresh Buffer per batch. */
  #buffer = Buffer.allocUnsafe(BUFFER_BYTES)
  /** Closed (device disabled): a line still arriving from a request in flight is written, and the file closed again. */
  #closed = false

  constructor(
    readonly path: string,
    private readonly mode: number | undefined,
    private readonly prefix: string,
  ) {}

  /** Queue a line; resolves once it is in the file, rejects when it could not be written. */
  write(json: string): Promise<void> {
    let batch = this.#queued
    if (!batch) {
      batch = newBatch()
      this.#queued = batch
      atEndOfTurn(() => this.#flush())
    }
    batch.lines.push(json)
    return batch.done
  }

  /** Write what is queued, then release the file. */
  close(): void {
    this.#closed = true
    this.#flush()
    this.#closeFd()
  }

  #flush(): void {
    const batch = this.#queued
    if (!batch) return
    this.#queued = undefined
    try {
      this.#writeBatch(this.#encode(batch.lines))
      batch.settle(undefined)
    } catch (err) {
      batch.settle(err instanceof Error ? err : new Error(String(err)))
    }
    if (this.#closed) this.#closeFd()
    // The released requests run on in the microtasks that follow; a tick queued from a microtask
    // runs once the whole microtask queue has drained, i.e. once they all queued what they log next.
    queueMicrotask(() => process.nextTick(() => this.#flush()))
  }

  /** The lines (prefix, JSON, newline) as UTF-8 in the reused buffer (valid until the next call). */
  #encode(lines: readonly string[]): Buffer {
    let worstCase = 0
    for (const line of lines) worstCase += (this.prefix.length + line.length) * 3 + 1
    if (worstCase > this.#buffer.length) this.#buffer = Buffer.allocUnsafe(worstCase)
    else if (this.#buffer.length > BUFFER_BYTES && worstCase <= BUFFER_BYTES) this.#buffer = Buffer.allocUnsafe(BUFFER_BYTES)
    const buffer = this.#buffer
    let size = 0
    for (const line of lines) {
      if (this.prefix !== '') size += buffer.write(this.prefix, size)
      size += buffer.write(line, size)
      buffer[size++] = 10 // '\n'
    }
    return buffer.subarray(0, size)
  }

  #writeBatch(bytes: Buffer): void {
    const fd = this.#fd ?? this.#open()
    try {
      this.#writeAll(fd, bytes)
      return
    } catch {
      this.#closeFd()
    }
    this.#writeAll(this.#open(), bytes)
  }

  #writeAll(fd: number, bytes: Buffer): void {
    try {
      for (let offset = 0; offset < bytes.length; ) offset += writeSync(fd, bytes, offset, bytes.length - offset)
    } catch (err) {
      throw goFsError(err, 'write', this.path)
    }
  }

  #open(): number {
    try {
      mkdirSync(dirname(this.path), { recursive: true, mode: 0o700 })
    } catch (err) {
      throw goFsError(err, 'mkdir', dirname(this.path))
    }
    let fd: number
    try {
      fd = openSync(this.path, 'a', this.mode ?? 0o600)
    } catch (err) {
      throw goFsError(err, 'open', this.path)
    }
    // The mode also applies to a log file that already existed (devices such as /dev/null are left alone).
    if (this.mode !== undefined && fstatSync(fd).isFile()) fchmodSync(fd, this.mode)
    this.#fd = fd
    return fd
  }

  #closeFd(): void {
    const fd = this.#fd
    if (fd === undefined) return
    this.#fd = undefined
    try {
      closeSync(fd)
    } catch {
      // already gone: nothing left to release
    }
  }
}

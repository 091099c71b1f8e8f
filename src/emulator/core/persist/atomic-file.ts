/**
 * Crash-safe file replacement: write a temporary file in the same directory,
 * fsync it, rename it over the target (atomic on POSIX file systems), fsync
 * the directory so the rename itself is durable. A process killed at any
 * point leaves either the old file or the new one, never a mix.
 */
import { closeSync, fsyncSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs'
import { dirname } from 'node:path'

/** The temporary file a write goes through (left behind only by a crash; the next write replaces it). */
export function tempPathOf(path: string): string {
  return `${path}.tmp`
}

export function writeFileAtomicSync(path: string, data: Uint8Array, mode = 0o600): void {
  const temp = tempPathOf(path)
  const fd = openSync(temp, 'w', mode)
  try {
    let offset = 0
    while (offset < data.length) offset += writeSync(fd, data, offset, data.length - offset)
    fsyncSync(fd)
  } finally {
    closeSync(fd)
  }
  renameSync(temp, path)
  fsyncDirectory(dirname(path))
}

function fsyncDirectory(dir: string): void {
  let fd: number | undefined
  try {
    fd = openSync(dir, 'r')
    fsyncSync(fd)
  } catch {
    // Some platforms (Windows) cannot open or fsync a directory; the rename is still atomic there.
  } finally {
    if (fd !== undefined) closeSync(fd)
  }
}

/** The file's bytes, or undefined when it does not exist. A crash's leftover temp file is removed. */
export function readFileIfExists(path: string): Buffer | undefined {
  rmSync(tempPathOf(path), { force: true })
  try {
    return readFileSync(path)
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw err
  }
}

/** Writes the sink and rendered templates: whole or not at all, with the requested mode. */
import { chmod, mkdir, rename, stat, writeFile } from 'node:fs/promises'
import { dirname, join, basename } from 'node:path'
import { randomBytes } from 'node:crypto'

/**
 * Write to a temp file beside `path`, then rename: readers never see half a
 * file. `mode` 0 keeps the mode an existing file had (Vault's "leave it alone"),
 * or gives a new file `fallbackMode` when there is one.
 */
export async function writeFileAtomic(path: string, content: string, mode: number, options: { createDirs?: boolean; fallbackMode?: number } = {}): Promise<void> {
  if (options.createDirs !== false) await mkdir(dirname(path), { recursive: true })
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(4).toString('hex')}.tmp`)
  const effective = mode !== 0 ? mode : await stat(path).then((s) => s.mode & 0o7777, () => options.fallbackMode)
  await writeFile(temp, content, effective === undefined ? {} : { mode: effective })
  // The umask may have cleared bits of `mode`.
  if (effective !== undefined) await chmod(temp, effective)
  await rename(temp, path)
}

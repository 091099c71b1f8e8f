/** Writes the sink and rendered templates: whole or not at all, with the requested mode. */
import { chmod, mkdir, rename, writeFile } from 'node:fs/promises'
import { dirname, join, basename } from 'node:path'
import { randomBytes } from 'node:crypto'

/** Write to a temp file beside `path`, then rename: readers never see half a file. */
export async function writeFileAtomic(path: string, content: string, mode: number): Promise<void> {
  await mkdir(dirname(path), { recursive: true })
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(4).toString('hex')}.tmp`)
  await writeFile(temp, content, { mode })
  // The umask may have cleared bits of `mode`.
  await chmod(temp, mode)
  await rename(temp, path)
}

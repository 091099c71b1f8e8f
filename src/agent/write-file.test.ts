import { chmod, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { writeFileAtomic } from './write-file.js'

let dir: string
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'agent-write-'))
})
afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

const modeOf = async (path: string): Promise<number> => (await stat(path)).mode & 0o777

describe('writeFileAtomic', () => {
  it('gives the file the requested mode, whatever the umask or the old file had', async () => {
    const path = join(dir, 'db.env')
    await writeFile(path, 'old')
    await chmod(path, 0o666)
    await writeFileAtomic(path, 'new', 0o600)
    expect(await readFile(path, 'utf8')).toBe('new')
    expect(await modeOf(path)).toBe(0o600)
  })

  it('with mode 0 keeps the mode of the file already there (a template without perms)', async () => {
    const path = join(dir, 'db.env')
    await writeFile(path, 'old')
    await chmod(path, 0o640)
    await writeFileAtomic(path, 'new', 0, { fallbackMode: 0o644 })
    expect(await modeOf(path)).toBe(0o640)
  })

  it('with mode 0 gives a new file the fallback mode (0644 for templates)', async () => {
    const path = join(dir, 'nested', 'db.env')
    await writeFileAtomic(path, 'x', 0, { fallbackMode: 0o644 })
    expect(await modeOf(path)).toBe(0o644)
  })
})

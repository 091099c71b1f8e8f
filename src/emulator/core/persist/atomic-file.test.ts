import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { readFileIfExists, tempPathOf, writeFileAtomicSync } from './atomic-file.js'

describe('atomic file replacement', () => {
  it('replaces the file whole, owner-only, and leaves no temp file', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'vault-emu-atomic-')), 'state')
    writeFileAtomicSync(path, Buffer.from('one'))
    writeFileAtomicSync(path, Buffer.from('two'))
    expect(readFileSync(path, 'utf8')).toBe('two')
    expect(existsSync(tempPathOf(path))).toBe(false)
    if (process.platform !== 'win32') expect(statSync(path).mode & 0o777).toBe(0o600)
  })

  it('reads undefined for a missing file, and drops a crash\'s half-written temp file', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'vault-emu-atomic-')), 'state')
    expect(readFileIfExists(path)).toBeUndefined()
    writeFileAtomicSync(path, Buffer.from('good'))
    writeFileSync(tempPathOf(path), 'torn')
    expect(readFileIfExists(path)?.toString()).toBe('good')
    expect(existsSync(tempPathOf(path))).toBe(false)
  })
})

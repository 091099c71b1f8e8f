import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { TarError, readTar, writeTar } from './tar.js'

function systemTar(): boolean {
  try {
    execFileSync('tar', ['--version'], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
}

describe('ustar', () => {
  const members = [
    { name: 'meta.json', data: Buffer.from('{"a":1}\n'), mtime: 1_700_000_000 },
    { name: 'state.bin', data: Buffer.alloc(1500, 7), mtime: 1_700_000_000 },
    { name: 'empty', data: Buffer.alloc(0), mtime: 0 },
  ]

  it('writes 512-byte blocks and two zero blocks at the end, and reads its own archives', () => {
    const tar = writeTar(members)
    expect(tar.length % 512).toBe(0)
    expect(tar.subarray(tar.length - 1024).every((b) => b === 0)).toBe(true)
    expect(tar.subarray(257, 263).toString('latin1')).toBe('ustar\0')
    const read = readTar(tar)
    expect(read.map((m) => m.name)).toEqual(['meta.json', 'state.bin', 'empty'])
    expect(Buffer.from(read[1]?.data ?? []).equals(members[1]?.data ?? Buffer.alloc(0))).toBe(true)
    expect(read[0]?.mtime).toBe(1_700_000_000)
    expect(read[0]?.mode).toBe(0o600)
  })

  it('detects a damaged header', () => {
    const tar = writeTar(members)
    tar[10] = 0x41
    expect(() => readTar(tar)).toThrow(TarError)
  })

  // GNU/BSD tar is an independent reader and writer of the format.
  it.skipIf(!systemTar())('is what the system tar reads and writes', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vault-emu-tar-'))
    writeFileSync(join(dir, 'ours.tar'), writeTar(members))
    const listing = execFileSync('tar', ['-tvf', join(dir, 'ours.tar')], { encoding: 'utf8' })
    expect(listing).toContain('meta.json')
    expect(listing).toContain('1500')
    execFileSync('tar', ['-xf', join(dir, 'ours.tar'), '-C', dir])
    expect(readFileSync(join(dir, 'meta.json'), 'utf8')).toBe('{"a":1}\n')
    writeFileSync(join(dir, 'x.txt'), 'from system tar')
    execFileSync('tar', ['--format=ustar', '-cf', join(dir, 'theirs.tar'), '-C', dir, 'x.txt'])
    const theirs = readTar(readFileSync(join(dir, 'theirs.tar')))
    expect(theirs.map((m) => [m.name, Buffer.from(m.data).toString()])).toEqual([['x.txt', 'from system tar']])
  })
})

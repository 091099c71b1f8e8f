import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { FileSink } from './file-sink.js'

let dir: string

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'vault-emu-sink-'))
})

afterEach(() => {
  vi.useRealTimers()
  rmSync(dir, { recursive: true, force: true })
})

describe('FileSink', () => {
  it('writes concurrent lines in order, whole, each caller released once its line is in the file', async () => {
    const path = join(dir, 'audit.log')
    const sink = new FileSink(path, 0o600, '')
    const writes = Array.from({ length: 200 }, (_, i) => sink.write(JSON.stringify({ i })))
    await Promise.all(writes)
    expect(readFileSync(path, 'utf8').trim().split('\n').map((line) => (JSON.parse(line) as { i: number }).i)).toEqual(Array.from({ length: 200 }, (_, i) => i))
    sink.close()
  })

  it('writes the prefix before each line', async () => {
    const path = join(dir, 'audit.log')
    const sink = new FileSink(path, undefined, 'vault-audit: ')
    await sink.write('{"a":1}')
    await sink.write('{"b":2}')
    expect(readFileSync(path, 'utf8')).toBe('vault-audit: {"a":1}\nvault-audit: {"b":2}\n')
    sink.close()
  })

  it('rejects every writer of a batch that could not be written', async () => {
    const path = join(dir, 'audit.log')
    mkdirSync(path)
    const sink = new FileSink(path, 0o600, '')
    const results = await Promise.allSettled([sink.write('{}'), sink.write('{}')])
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected'])
    expect((results[0] as PromiseRejectedResult).reason).toEqual(new Error(`open ${path}: is a directory`))
  })

  it('writes what is queued when closed', () => {
    const path = join(dir, 'audit.log')
    const sink = new FileSink(path, 0o600, '')
    void sink.write('{"last":true}')
    sink.close()
    expect(readFileSync(path, 'utf8')).toBe('{"last":true}\n')
  })

  it('keeps writing under a test’s fake timers', async () => {
    vi.useFakeTimers()
    const path = join(dir, 'audit.log')
    const sink = new FileSink(path, 0o600, '')
    await sink.write('{"ok":1}')
    expect(readFileSync(path, 'utf8')).toBe('{"ok":1}\n')
    sink.close()
  })
})

/**
 * Crash safety of --state-file: a child process writes continuously and is
 * killed with SIGKILL at a random moment, again and again. After every kill
 * the file must load (decrypt and parse) into a consistent state that never
 * goes backwards.
 */
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { copyFileSync, existsSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { createVaultEmulator } from 'vault-emu'

const REGISTER = fileURLToPath(new URL('./fixtures/register-ts.mjs', import.meta.url))
const WRITER = fileURLToPath(new URL('./fixtures/state-writer.ts', import.meta.url))
const ROUNDS = 5

async function runAndKill(stateFile: string): Promise<number> {
  const child = spawn(process.execPath, ['--experimental-transform-types', '--no-warnings', '--import', REGISTER, WRITER, stateFile], { stdio: ['ignore', 'pipe', 'pipe'] })
  let out = ''
  let err = ''
  child.stdout.on('data', (d: Buffer) => (out += d.toString()))
  child.stderr.on('data', (d: Buffer) => (err += d.toString()))
  const exited = once(child, 'exit')
  // Wait for writes to be under way, then kill at a random point of the stream.
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', () => /wrote \d+/.test(out) && resolve())
    void exited.then(() => reject(new Error(`writer exited early: ${err}`)))
  })
  await new Promise((resolve) => setTimeout(resolve, 20 + Math.random() * 200))
  child.kill('SIGKILL')
  const [code, signal] = (await exited) as [number | null, string | null]
  expect([code, signal], err).toEqual([null, 'SIGKILL'])
  return Number(/wrote (\d+)\n(?!.*wrote)/s.exec(out)?.[1] ?? 0)
}

/** Load a copy of the file in a fresh emulator (dev mode unseals it) and check it hangs together. */
async function loadedCounter(stateFile: string): Promise<number> {
  const copy = `${stateFile}.check`
  copyFileSync(stateFile, copy)
  const vault = await createVaultEmulator({ stateFile: copy })
  try {
    const counter = await vault.request('GET', 'secret/data/counter')
    expect(counter.status).toBe(200)
    const { data, metadata } = (counter.json as { data: { data: { n: number }; metadata: { version: number } } }).data
    const n = data.n
    expect(metadata.version).toBe(n)
    expect((await vault.request('GET', `secret/data/item-${n}`)).status).toBe(200)
    expect((await vault.request('GET', `secret/data/item-${n + 2}`)).status).toBe(404)
    const keys = ((await vault.request('LIST', 'secret/metadata/')).json as { data: { keys: string[] } }).data.keys
    const items = keys.filter((k) => k.startsWith('item-')).length
    expect([n, n + 1]).toContain(items)
    return n
  } finally {
    await vault.stop()
  }
}

describe('--state-file under SIGKILL', () => {
  it('always holds the last good state, never a torn file', { timeout: 120_000 }, async () => {
    const stateFile = join(mkdtempSync(join(tmpdir(), 'vault-emu-kill-')), 'vault.state')
    let previous = 0
    const tornWrites: boolean[] = []
    for (let round = 0; round < ROUNDS; round++) {
      const reported = await runAndKill(stateFile)
      // A temp file left behind means the kill landed in the middle of a write.
      tornWrites.push(existsSync(`${stateFile}.tmp`))
      const n = await loadedCounter(stateFile)
      // Every write the child reported finished before its response, so it is on disk.
      expect(n).toBeGreaterThanOrEqual(reported)
      expect(n).toBeGreaterThanOrEqual(previous)
      previous = n
    }
    expect(previous).toBeGreaterThan(0)
    if (process.env['VAULT_EMU_KILL_STATS']) console.log({ finalCounter: previous, killedMidWrite: tornWrites })
  })
})

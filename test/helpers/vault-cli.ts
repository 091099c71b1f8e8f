/**
 * Runs vault-style commands in-process with captured output, against a real
 * emulator over HTTP.
 *
 * @example
 * const cli = vaultCli({ VAULT_ADDR: vault.addr, VAULT_TOKEN: vault.rootToken })
 * const r = await cli.run('token', 'create', '-policy=app')
 * expect(r.code).toBe(0); expect(r.stdout).toMatch(/^Key/)
 */
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PassThrough, Readable, Writable } from 'node:stream'
import { afterAll, beforeAll } from 'vitest'
import { runVaultCommand, type VaultCliIo } from '../../src/cli/vault/command.js'
import { startVaultEmulator, type VaultEmulator, type VaultEmulatorOptions } from '../../src/index.js'

export interface VaultCliRun {
  code: number
  stdout: string
  stderr: string
}

/** A captured-output writable stream; `isTTY` decides `-field` newlines. */
export function captureStream(isTTY = false): Writable & { text(): string; isTTY: boolean } {
  const chunks: string[] = []
  const stream = new Writable({
    write(chunk: Buffer | string, _enc, done) {
      chunks.push(typeof chunk === 'string' ? chunk : chunk.toString('utf8'))
      done()
    },
  }) as Writable & { text(): string; isTTY: boolean }
  stream.text = () => chunks.join('')
  stream.isTTY = isTTY
  return stream
}

/** A runner bound to an environment and a private home folder (for `~/.vault-token`). */
export function vaultCli(env: Record<string, string>, home = mkdtempSync(join(tmpdir(), 'vault-cli-home-'))) {
  return {
    home,
    env,
    /** Runs one command; `stdin` feeds prompts and `-` arguments. */
    async run(...argv: string[]): Promise<VaultCliRun> {
      return this.runWithStdin('', ...argv)
    },
    async runWithStdin(stdin: string, ...argv: string[]): Promise<VaultCliRun> {
      const stdout = captureStream()
      const stderr = captureStream()
      const io: VaultCliIo = { env: { ...env }, stdout, stderr, stdin: stdin === '' ? emptyStdin() : Readable.from([stdin]), home }
      const code = await runVaultCommand(io, argv)
      return { code, stdout: stdout.text(), stderr: stderr.text() }
    },
  }
}

function emptyStdin(): NodeJS.ReadableStream {
  const s = new PassThrough()
  s.end()
  return s
}

/**
 * Starts an emulator for the enclosing `describe` (or file) and a root-token
 * CLI runner for it; read both inside tests.
 *
 * @example
 * const env = emulatorWithCli()
 * it('...', async () => { await env.root.run('secrets', 'list') })
 */
export function emulatorWithCli(options: VaultEmulatorOptions = {}): { vault: VaultEmulator; root: ReturnType<typeof vaultCli> } {
  const env = {} as { vault: VaultEmulator; root: ReturnType<typeof vaultCli> }
  beforeAll(async () => {
    env.vault = await startVaultEmulator({ port: 0, ...options })
    env.root = vaultCli({ VAULT_ADDR: env.vault.addr, VAULT_TOKEN: env.vault.rootToken })
  })
  afterAll(async () => env.vault.stop())
  return env
}

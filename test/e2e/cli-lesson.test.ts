/** `vault-emu lesson` as a learner runs it: the built binary, against a running emulator. */
import { execFile } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startVaultEmulator } from 'vault-emu'
import type { VaultEmulator } from 'vault-emu'
import { configureVault } from '../examples/app/configure-vault.js'

const BIN = fileURLToPath(new URL('../../bin/vault-emu.js', import.meta.url))

let vault: VaultEmulator
beforeAll(async () => {
  vault = await startVaultEmulator({ port: 0 })
})
afterAll(async () => {
  await vault.stop()
})

function lesson(args: string[], env: Record<string, string> = {}): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve) => {
    const home = tmpdir() // no ~/.vault-token there
    execFile(process.execPath, [BIN, 'lesson', ...args], { cwd: tmpdir(), env: { PATH: process.env['PATH'] ?? '', HOME: home, ...env } }, (error, out, err) => {
      resolve({ code: error ? Number(error.code ?? 1) : 0, out, err })
    })
  })
}

describe('vault-emu lesson', () => {
  it('lists the exercises with what to do and how to check', async () => {
    const { code, out } = await lesson([])
    expect(code).toBe(0)
    expect(out).toContain('1. Read a Vault secret')
    expect(out).toContain('2. Write a least-privilege policy')
    expect(out).toContain('Check: vault-emu lesson check 3 -config agent.hcl')
  })

  it('exits 1 with the hint while the exercise is not done, 0 once it is', async () => {
    const env = { VAULT_ADDR: vault.addr, VAULT_TOKEN: vault.rootToken }
    const before = await lesson(['check', '1'], env)
    expect(before.code).toBe(1)
    expect(before.out).toContain('✗ secret/exercise/hello does not exist')
    await vault.request('POST', 'secret/data/exercise/hello', { data: { data: { message: 'vault works' } } })
    const after = await lesson(['check', '1'], env)
    expect(after.out).toContain('Exercise 1 passes.')
    expect(after.code).toBe(0)
  })

  it('runs check 3 with the agent in-process and exits once it is done', async () => {
    await using pgVault = await startVaultEmulator({ port: 0, postgres: 'embedded' })
    await configureVault(pgVault)
    const dir = await mkdtemp(join(tmpdir(), 'lesson-cli-3-'))
    try {
      await writeFile(join(dir, 'token'), pgVault.rootToken)
      await writeFile(
        join(dir, 'my-agent.hcl'),
        `auto_auth {\n  method "token_file" {\n    config = { token_file_path = "${join(dir, 'token')}" }\n  }\n}\n` +
          `template {\n  contents = "{{ with secret \\"database/creds/readonly\\" }}{{ .Data.username }}{{ end }}"\n  destination = "db.env"\n  command = "kill -HUP 1"\n}\n`,
      )
      const started = Date.now()
      const result = await lesson(['check', '3', '-config', join(dir, 'my-agent.hcl')], { VAULT_ADDR: pgVault.addr, VAULT_TOKEN: pgVault.rootToken })
      expect(result.out).toContain('Exercise 3 passes.')
      expect(result.code).toBe(0)
      expect(Date.now() - started).toBeLessThan(15_000)
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  }, 60_000)

  it('exits 2 on usage errors', async () => {
    const unknown = await lesson(['check', '9'])
    expect(unknown.code).toBe(2)
    expect(unknown.err).toContain('there is no exercise 9; the lesson has 1, 2, 3')
    expect((await lesson(['check'])).code).toBe(2)
    expect((await lesson(['check', '3', '-config'])).err).toContain('-config needs a file')
    const misplaced = await lesson(['check', '1', '-config=agent.hcl'])
    expect(misplaced.code).toBe(2)
    expect(misplaced.err).toContain('-config is for exercise 3')
  })
})

/**
 * The vault-style commands through the real `vault-emu` binary (bin/ runs
 * dist/, so `npm run build` first): the lesson's seal ceremony against
 * `vault-emu up --seal shamir`, with the exit codes scripts rely on.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const BIN = fileURLToPath(new URL('../../bin/vault-emu.js', import.meta.url))

interface Result {
  code: number | null
  stdout: string
  stderr: string
}

/** Runs `vault-emu <args>` to completion with its own HOME (for ~/.vault-token). */
async function vaultEmu(env: Record<string, string>, ...args: string[]): Promise<Result> {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: tmpdir(), env: { PATH: process.env['PATH'] ?? '', ...env }, stdio: ['pipe', 'pipe', 'pipe'] })
  child.stdin.end()
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
  const [code] = (await once(child, 'exit')) as [number | null]
  return { code, stdout, stderr }
}

describe('vault-emu <vault command> against vault-emu up --seal shamir', () => {
  let server: ChildProcess
  let env: Record<string, string>

  beforeAll(async () => {
    server = spawn(process.execPath, [BIN, 'up', '--port', '0', '--seal', 'shamir'], { cwd: tmpdir(), stdio: ['ignore', 'pipe', 'pipe'] })
    let out = ''
    const addr = await new Promise<string>((resolve, reject) => {
      server.stdout?.on('data', (d: Buffer) => {
        out += d.toString()
        const m = /export VAULT_ADDR=(\S+)\n/.exec(out)
        if (m) resolve(m[1] as string)
      })
      server.once('exit', () => reject(new Error(`vault-emu up exited: ${out}`)))
    })
    env = { VAULT_ADDR: addr, HOME: mkdtempSync(join(tmpdir(), 'vault-emu-home-')) }
  })
  afterAll(async () => {
    server.kill('SIGTERM')
    if (server.exitCode === null) await once(server, 'exit')
  })

  it('runs the ceremony: status 2 while sealed, init 5/3, unseal 1/3 2/3 done, status 0', async () => {
    const sealed = await vaultEmu(env, 'status')
    expect(sealed.code).toBe(2)
    expect(sealed.stdout).toContain('\nInitialized        false\n')

    const init = await vaultEmu(env, 'operator', 'init', '-key-shares=5', '-key-threshold=3')
    expect(init.code).toBe(0)
    const keys = [...init.stdout.matchAll(/^Unseal Key \d: (\S+)$/gm)].map((m) => m[1] as string)
    expect(keys).toHaveLength(5)
    const rootToken = /^Initial Root Token: (\S+)$/m.exec(init.stdout)?.[1] as string

    expect((await vaultEmu(env, 'operator', 'unseal', keys[0] as string)).stdout).toContain('\nUnseal Progress    1/3\n')
    expect((await vaultEmu(env, 'operator', 'unseal', keys[2] as string)).stdout).toContain('\nUnseal Progress    2/3\n')
    const done = await vaultEmu(env, 'operator', 'unseal', keys[4] as string)
    expect(done.code).toBe(0)
    expect(done.stdout).toContain('\nSealed          false\n')
    expect((await vaultEmu(env, 'status')).code).toBe(0)

    // login stores the token; later commands find it in ~/.vault-token.
    expect((await vaultEmu(env, 'login', rootToken)).code).toBe(0)
    expect(readFileSync(join(env['HOME'] as string, '.vault-token'), 'utf8')).toBe(rootToken)
    expect(await vaultEmu(env, 'secrets', 'enable', '-path=secret', 'kv-v2')).toEqual({ code: 0, stdout: 'Success! Enabled the kv-v2 secrets engine at: secret/\n', stderr: '' })
    expect(await vaultEmu(env, 'operator', 'seal')).toEqual({ code: 0, stdout: 'Success! Vault is sealed.\n', stderr: '' })
    const afterSeal = await vaultEmu(env, 'token', 'lookup')
    expect(afterSeal.code).toBe(2)
    expect(afterSeal.stderr).toBe(`Error looking up token: Error making API request.\n\nURL: GET ${env['VAULT_ADDR']}/v1/auth/token/lookup-self\nCode: 503. Errors:\n\n* Vault is sealed\n`)
  })

  it('lists the vault commands in vault-emu --help', async () => {
    const help = await vaultEmu(env, '--help')
    expect(help.code).toBe(0)
    expect(help.stdout).toContain('\n  operator init|unseal|seal ')
    expect(help.stdout).toContain('\n  token create|lookup|renew|revoke|capabilities\n')
  })

  it('exits 1 on usage errors, as vault does', async () => {
    expect(await vaultEmu(env, 'policy', 'read')).toEqual({ code: 1, stdout: '', stderr: 'Not enough arguments (expected 1, got 0)\n' })
    expect(await vaultEmu(env, 'token', 'create', '-nope')).toEqual({ code: 1, stdout: '', stderr: 'flag provided but not defined: -nope\n' })
    const group = await vaultEmu(env, 'operator')
    expect(group.code).toBe(1)
    expect(group.stderr).toContain('Subcommands:\n    generate-root\n    init\n    raft\n    rekey\n    seal\n    unseal\n')
  })
})

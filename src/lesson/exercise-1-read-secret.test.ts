import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect } from 'vitest'
import { vaultTest as it } from '../fixtures/vitest.js'
import type { VaultEmulator } from '../index.js'
import { checkExercise } from '../../test/helpers/lesson-check.js'
import { connectionFromEnv } from './vault-connection.js'
import { reachVault } from './reach-vault.js'

const put = (vault: VaultEmulator, path: string, data: Record<string, unknown>) => vault.request('POST', `secret/data/${path}`, { data: { data } })

describe('lesson check 1', () => {
  it('passes once secret/exercise/hello holds message="vault works", and says how to read the field', async ({ vault }) => {
    await put(vault, 'exercise/hello', { message: 'vault works' })
    const result = await checkExercise(vault, 1)
    expect(result.failures).toEqual([])
    expect(result.passed).toBe(true)
    expect(result.text).toContain('✓ field message is "vault works"')
    expect(result.text).toContain('vault kv get -field=message secret/exercise/hello')
  })

  it('fails on a missing secret and says how to write it', async ({ vault }) => {
    const result = await checkExercise(vault, 1)
    expect(result.passed).toBe(false)
    expect(result.failures).toHaveLength(1)
    expect(result.failures[0]).toContain('secret/exercise/hello does not exist')
    expect(result.failures[0]).toContain('vault kv put secret/exercise/hello message="vault works"')
  })

  it('points at the path when `vault kv put secret/data/exercise/hello` doubled the /data/', async ({ vault }) => {
    await put(vault, 'data/exercise/hello', { message: 'vault works' })
    const result = await checkExercise(vault, 1)
    expect(result.failures[0]).toContain('It is at secret/data/exercise/hello instead')
  })

  it('names the field when it is spelled differently', async ({ vault }) => {
    await put(vault, 'exercise/hello', { Message: 'vault works' })
    const result = await checkExercise(vault, 1)
    expect(result.passed).toBe(false)
    expect(result.failures[0]).toContain('has the fields "Message", no "message"')
    expect(result.failures[0]).toContain('case-sensitive')
  })

  it('shows a wrong value and explains the shell splitting an unquoted value', async ({ vault }) => {
    await put(vault, 'exercise/hello', { message: 'vault' })
    const result = await checkExercise(vault, 1)
    expect(result.failures[0]).toContain('field message is "vault", not "vault works"')
    expect(result.failures[0]).toContain('quote it')
  })

  it('fails when the latest version was deleted', async ({ vault }) => {
    await put(vault, 'exercise/hello', { message: 'vault works' })
    await vault.request('DELETE', 'secret/data/exercise/hello')
    const result = await checkExercise(vault, 1)
    expect(result.failures[0]).toContain('the latest version (1) of secret/exercise/hello is deleted')
  })

  it('recognises a KV v1 mount at secret/ and a secret written to the literal secret/data/ path', async ({ vault }) => {
    await vault.request('DELETE', 'sys/mounts/secret')
    await vault.request('POST', 'sys/mounts/secret', { data: { type: 'kv', options: { version: '1' } } })
    await vault.request('POST', 'secret/data/exercise/hello', { data: { message: 'vault works' } }) // vault write secret/data/exercise/hello message=...
    const result = await checkExercise(vault, 1)
    expect(result.passed).toBe(false)
    expect(result.failures[0]).toContain('secret/ is KV version 1')
    expect(result.failures[0]).toContain('vault kv enable-versioning secret/')
    expect(result.failures[0]).toContain('a v1 secret at the literal path secret/data/exercise/hello')
  })

  it('tells a learner whose token may not read the secret to use the root token', async ({ vault }) => {
    await put(vault, 'exercise/hello', { message: 'vault works' })
    const token = await vault.token({ policies: ['default'] })
    const result = await checkExercise(vault, 1, { token })
    expect(result.passed).toBe(false)
    expect(result.failures.join('\n')).toContain('export VAULT_TOKEN=root')
  })
})

describe('reaching Vault', () => {
  it('reads the token from ~/.vault-token when VAULT_TOKEN is unset, as the vault CLI does', async ({ vault }) => {
    const home = await mkdtemp(join(tmpdir(), 'lesson-home-'))
    try {
      await writeFile(join(home, '.vault-token'), `${vault.rootToken}\n`)
      const conn = await connectionFromEnv({ VAULT_ADDR: vault.addr, HOME: home })
      expect(conn).toEqual({ addr: vault.addr, token: vault.rootToken, tokenSource: '~/.vault-token' })
      const reached = await reachVault(conn)
      expect(reached.line.ok).toBe(true)
      expect(reached.line.text).toContain('token from ~/.vault-token (policies: root)')
    } finally {
      await rm(home, { recursive: true, force: true })
    }
  })

  it('says how to start the emulator when nothing answers, and how to get a token when there is none', async ({ vault }) => {
    const down = await reachVault({ addr: 'http://127.0.0.1:1', token: 'root', tokenSource: 'VAULT_TOKEN' })
    expect(down.line.ok).toBe(false)
    expect(down.line.text).toContain('nothing answers at http://127.0.0.1:1')
    expect(down.line.hints.join(' ')).toContain('npx vault-emu up')
    const none = await reachVault({ addr: vault.addr, token: '', tokenSource: 'none' })
    expect(none.line.text).toContain('no token')
    const bad = await reachVault({ addr: vault.addr, token: 'hvs.nope', tokenSource: 'VAULT_TOKEN' })
    expect(bad.line.text).toContain('is not valid')
  })
})

/** Booting from a config: server options, explicit options winning, and errors naming the file. */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createVaultEmulator } from '../emulator/emulator.js'
import { ConfigError } from './config-error.js'

function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'vault-emu-boot-'))
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true })
    writeFileSync(join(dir, name), text)
  }
  return dir
}

describe('createVaultEmulator({ config })', () => {
  it('takes server options from the config, explicit options win', async () => {
    const config = {
      server: { root_token: 'from-config', clock: { mode: 'frozen' as const, start: '2030-01-01T00:00:00Z' } },
      secrets: { kv1: { type: 'kv', data: { app: { a: '1' } } } },
    }
    const vault = await createVaultEmulator({ config, rootToken: 'explicit' })
    try {
      expect(vault.rootToken).toBe('explicit')
      expect(new Date(vault.clock.now()).toISOString()).toBe('2030-01-01T00:00:00.000Z')
      expect(((await vault.request('GET', 'kv1/app')).json as { data: unknown }).data).toEqual({ a: '1' })
    } finally {
      await vault.stop()
    }
  })

  it('replaces dev mode secret/ when the config wants KV v1 there', async () => {
    const vault = await createVaultEmulator({ config: { secrets: { secret: { type: 'kv-v1', data: { x: { k: 'v' } } } } } })
    try {
      expect(((await vault.request('GET', 'secret/x')).json as { data: unknown }).data).toEqual({ k: 'v' })
    } finally {
      await vault.stop()
    }
  })

  it('creates userpass users, token roles and transit keys from role files', async () => {
    const dir = folder({
      'vault.config.yaml': 'auth:\n  userpass:\n    type: userpass\nsecrets:\n  transit:\n    type: transit\n    keys:\n      app: { type: ed25519 }\n',
      'policies/reader.hcl': 'path "secret/data/*" {\n  capabilities = ["read"]\n}\n',
      'roles/people.yaml': '- mount: auth/userpass\n  kind: user\n  name: alice\n  password: training\n  token_policies: reader\n- mount: auth/token\n  kind: role\n  name: ops\n  allowed_policies: [reader]\n',
    })
    const vault = await createVaultEmulator({ config: dir })
    try {
      const login = await vault.request('POST', 'auth/userpass/login/alice', { token: '', data: { password: 'training' } })
      expect((login.json as { auth: { policies: string[] } }).auth.policies).toContain('reader')
      expect(((await vault.request('GET', 'auth/token/roles/ops')).json as { data: unknown }).data).toMatchObject({ allowed_policies: ['reader'] })
      expect(((await vault.request('GET', 'transit/keys/app')).json as { data: unknown }).data).toMatchObject({ type: 'ed25519' })
    } finally {
      await vault.stop()
    }
  })

  it('names the file and line of an object Vault rejects', async () => {
    const dir = folder({
      'vault.config.yaml': 'auth:\n  approle:\n    type: approle\n',
      'roles/ci.yaml': '- mount: auth/approle\n  kind: role\n  name: ok\n\n- mount: auth/approle\n  kind: role\n  name: bad\n  token_ttl: soon\n',
    })
    const failure = createVaultEmulator({ config: dir })
    await expect(failure).rejects.toThrow(ConfigError)
    await expect(failure).rejects.toThrow(/^\[vault-emu\] .*roles\/ci\.yaml:5:3: POST auth\/approle\/role\/bad failed: /)
  })

  it('refuses a config with schema errors before starting anything', async () => {
    const dir = folder({ 'vault.config.yaml': 'secrets:\n  db:\n    type: mysql\n' })
    await expect(createVaultEmulator({ config: dir })).rejects.toThrow(/vault\.config\.yaml:3:11: secrets\.db\.type: must be equal to one of the allowed values; use one of:/)
  })
})

import { beforeEach, describe, expect, it } from 'vitest'
import { CLOCK_START, b64, startTransit } from './test-harness.js'
import type { TransitHarness } from './test-harness.js'

let t: TransitHarness
const startUnix = Date.parse(CLOCK_START) / 1000

beforeEach(async () => {
  t = await startTransit()
})

describe('keys/<name>', () => {
  it('creates a key and answers with the key object, as Vault ≥ 1.14', async () => {
    const reply = await t.call('POST', 'transit/keys/app')
    expect(reply.status).toBe(200)
    const data = (reply.json as { data: Record<string, unknown> }).data
    expect(data).toEqual({
      allow_plaintext_backup: false,
      auto_rotate_period: 0,
      deletion_allowed: false,
      derived: false,
      exportable: false,
      imported_key: false,
      keys: { '1': startUnix },
      latest_version: 1,
      min_available_version: 0,
      min_decryption_version: 1,
      min_encryption_version: 0,
      name: 'app',
      supports_decryption: true,
      supports_derivation: true,
      supports_encryption: true,
      supports_signing: false,
      type: 'aes256-gcm96',
    })
    expect(await t.ok('GET', 'transit/keys/app')).toEqual(data)
  })

  it('re-creating keeps the key and warns', async () => {
    await t.ok('POST', 'transit/keys/app')
    const again = await t.call('POST', 'transit/keys/app', { type: 'ed25519' })
    expect((again.json as { warnings: string[] }).warnings).toEqual(['key app already existed'])
    expect((again.json as { data: { type: string } }).data.type).toBe('aes256-gcm96')
  })

  it('lists, refuses to delete until deletion_allowed, then deletes', async () => {
    await t.ok('POST', 'transit/keys/a')
    await t.ok('POST', 'transit/keys/b')
    expect(await t.ok('LIST', 'transit/keys')).toEqual({ keys: ['a', 'b'] })
    expect(await t.fails(400, 'DELETE', 'transit/keys/a')).toBe('error deleting policy a: deletion is not allowed for this key')
    await t.ok('POST', 'transit/keys/a/config', { deletion_allowed: true })
    expect((await t.call('DELETE', 'transit/keys/a')).status).toBe(204)
    expect((await t.call('GET', 'transit/keys/a')).status).toBe(404)
    expect(await t.fails(400, 'DELETE', 'transit/keys/a')).toBe('error deleting policy a: could not delete key; not found')
  })

  it('rejects unknown types and bad options with Vault texts', async () => {
    expect(await t.fails(400, 'POST', 'transit/keys/x', { type: 'aes512' })).toBe('unknown key type aes512')
    expect(await t.fails(400, 'POST', 'transit/keys/x', { auto_rotate_period: '30m' })).toBe('auto rotate period must be 0 to disable or at least an hour')
    expect(await t.fails(400, 'POST', 'transit/keys/x', { key_size: 64 })).toBe('key_size is not valid for algorithm aes256-gcm96')
    expect(await t.fails(400, 'POST', 'transit/keys/x', { type: 'hmac', key_size: 16 })).toBe('invalid key_size 16')
    expect(await t.fails(500, 'POST', 'transit/keys/x', { type: 'ecdsa-p256', derived: true })).toBe(
      '1 error occurred:\n\t* key derivation and convergent encryption not supported for keys of type ecdsa-p256\n\n',
    )
    // Vault's hmac type has no default size: without key_size its key generation fails.
    expect(await t.fails(500, 'POST', 'transit/keys/x', { type: 'hmac' })).toBe(
      '1 error occurred:\n\t* invalid key size for HMAC key, must be between 32 and 512 bytes\n\n',
    )
    expect(await t.fails(400, 'POST', 'transit/keys/x/rotate')).toBe('key not found')
  })

  it('asymmetric keys list a public key per version', async () => {
    await t.ok('POST', 'transit/keys/ec', { type: 'ecdsa-p256' })
    const data = await t.ok<{ keys: Record<string, Record<string, string>>; supports_signing: boolean }>('GET', 'transit/keys/ec')
    expect(data.supports_signing).toBe(true)
    expect(data.keys['1']).toMatchObject({ name: 'P-256', creation_time: '2030-01-01T00:00:00Z', certificate_chain: '' })
    expect(data.keys['1']?.['public_key']).toMatch(/^-----BEGIN PUBLIC KEY-----\n[\s\S]+-----END PUBLIC KEY-----\n$/)
    await t.ok('POST', 'transit/keys/ed', { type: 'ed25519' })
    const ed = await t.ok<{ keys: Record<string, Record<string, string>> }>('GET', 'transit/keys/ed')
    expect(Buffer.from(ed.keys['1']?.['public_key'] ?? '', 'base64').length).toBe(32)
  })
})

describe('keys/<name>/config and trim', () => {
  it('validates minimum versions as Vault does', async () => {
    await t.ok('POST', 'transit/keys/k')
    await t.ok('POST', 'transit/keys/k/rotate')
    await t.ok('POST', 'transit/keys/k/rotate')
    expect(await t.fails(400, 'POST', 'transit/keys/k/config', { min_decryption_version: 5 })).toBe('cannot set min decryption version of 5, latest key version is 3')
    expect(await t.fails(400, 'POST', 'transit/keys/k/config', { min_decryption_version: -1 })).toBe('min decryption version cannot be negative')
    expect(await t.fails(400, 'POST', 'transit/keys/k/config', { min_decryption_version: 2, min_encryption_version: 1 })).toBe(
      'cannot set min encryption/decryption values; min encryption version of 1 must be greater than or equal to min decryption version of 2',
    )
    expect(await t.fails(400, 'POST', 'transit/keys/none/config', { deletion_allowed: true })).toBe('no existing key named none could be found')
    const zero = await t.call('POST', 'transit/keys/k/config', { min_decryption_version: 0 })
    expect((zero.json as { warnings: string[] }).warnings).toEqual(['since Vault 0.3, transit key numbering starts at 1; forcing minimum to 1'])
    // A refused change leaves the key as it was.
    expect(await t.ok('GET', 'transit/keys/k')).toMatchObject({ min_decryption_version: 1, min_encryption_version: 0 })
  })

  it('trim deletes old versions for good', async () => {
    await t.ok('POST', 'transit/keys/k')
    await t.ok('POST', 'transit/keys/k/rotate')
    await t.ok('POST', 'transit/keys/k/rotate')
    expect(await t.fails(400, 'POST', 'transit/keys/k/trim', { min_available_version: 2 })).toBe(
      'minimum available version cannot be set when minimum encryption version is not set',
    )
    await t.ok('POST', 'transit/keys/k/config', { min_encryption_version: 3, min_decryption_version: 2 })
    const trimmed = await t.ok<Record<string, unknown>>('POST', 'transit/keys/k/trim', { min_available_version: 2 })
    expect(trimmed).toMatchObject({ min_available_version: 2, keys: { '2': startUnix, '3': startUnix } })
    expect(await t.fails(400, 'POST', 'transit/keys/k/config', { min_decryption_version: 1 })).toBe('min decryption version should not be less then min available version')
    expect(await t.fails(400, 'POST', 'transit/keys/k/trim', { min_available_version: 1 })).toBe('minimum available version cannot be decremented')
  })
})

describe('auto_rotate_period', () => {
  it('rotates on the virtual clock when the latest version is one period old', async () => {
    await t.ok('POST', 'transit/keys/auto', { auto_rotate_period: '24h' })
    await t.core.clock.advance('23h')
    expect(await t.ok('GET', 'transit/keys/auto')).toMatchObject({ latest_version: 1, auto_rotate_period: 86400 })
    await t.core.clock.advance('1h')
    expect(await t.ok('GET', 'transit/keys/auto')).toMatchObject({ latest_version: 2 })
    await t.core.clock.advance('24h')
    expect(await t.ok('GET', 'transit/keys/auto')).toMatchObject({ latest_version: 3 })
    await t.ok('POST', 'transit/keys/auto/config', { auto_rotate_period: 0 })
    await t.core.clock.advance('48h')
    expect(await t.ok('GET', 'transit/keys/auto')).toMatchObject({ latest_version: 3 })
  })
})

describe('export, backup and restore', () => {
  it('exports only exportable keys, by version', async () => {
    await t.ok('POST', 'transit/keys/secret')
    expect(await t.fails(400, 'GET', 'transit/export/encryption-key/secret')).toBe('private key material is not exportable')
    await t.ok('POST', 'transit/keys/open', { exportable: true })
    await t.ok('POST', 'transit/keys/open/rotate')
    const all = await t.ok<{ keys: Record<string, string>; name: string; type: string }>('GET', 'transit/export/encryption-key/open')
    expect(Object.keys(all.keys)).toEqual(['1', '2'])
    expect(Buffer.from(all.keys['1'] ?? '', 'base64').length).toBe(32)
    const latest = await t.ok<{ keys: Record<string, string> }>('GET', 'transit/export/hmac-key/open/latest')
    expect(Object.keys(latest.keys)).toEqual(['2'])
    expect(await t.fails(400, 'GET', 'transit/export/signing-key/open')).toBe('signing not supported for the key')
    expect(await t.fails(400, 'GET', 'transit/export/bogus/open')).toBe('invalid export type: bogus')
    expect(await t.fails(400, 'GET', 'transit/export/encryption-key/open/v9')).toBe('version does not exist or cannot be found')
  })

  it('an exported AES key decrypts what transit encrypted (nonce ‖ ciphertext ‖ tag)', async () => {
    const { createDecipheriv } = await import('node:crypto')
    await t.ok('POST', 'transit/keys/open', { exportable: true })
    const { ciphertext } = await t.ok<{ ciphertext: string }>('POST', 'transit/encrypt/open', { plaintext: b64('portable') })
    const key = Buffer.from((await t.ok<{ keys: Record<string, string> }>('GET', 'transit/export/encryption-key/open/1')).keys['1'] ?? '', 'base64')
    const raw = Buffer.from(ciphertext.slice('vault:v1:'.length), 'base64')
    const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12))
    decipher.setAuthTag(raw.subarray(raw.length - 16))
    expect(Buffer.concat([decipher.update(raw.subarray(12, raw.length - 16)), decipher.final()]).toString()).toBe('portable')
  })

  it('backs up and restores under another name', async () => {
    await t.ok('POST', 'transit/keys/orig', { exportable: true })
    expect(await t.fails(500, 'GET', 'transit/backup/orig')).toBe('1 error occurred:\n\t* plaintext backup is disallowed on the policy\n\n')
    await t.ok('POST', 'transit/keys/orig/config', { allow_plaintext_backup: true })
    const { ciphertext } = await t.ok<{ ciphertext: string }>('POST', 'transit/encrypt/orig', { plaintext: b64('kept') })
    const { backup } = await t.ok<{ backup: string }>('GET', 'transit/backup/orig')
    expect((await t.call('POST', 'transit/restore/copy', { backup })).status).toBe(204)
    expect((await t.ok<{ plaintext: string }>('POST', 'transit/decrypt/copy', { ciphertext })).plaintext).toBe(b64('kept'))
    expect(await t.ok('GET', 'transit/keys/copy')).toMatchObject({ restore_info: { version: 1, time: '2030-01-01T00:00:00Z' } })
    expect(await t.fails(500, 'POST', 'transit/restore/copy', { backup })).toBe('1 error occurred:\n\t* key "copy" already exists\n\n')
    expect((await t.call('POST', 'transit/restore/copy', { backup, force: true })).status).toBe(204)
  })
})

describe('random and hash', () => {
  it('behave as sys/tools', async () => {
    expect(Buffer.from((await t.ok<{ random_bytes: string }>('POST', 'transit/random/16')).random_bytes, 'base64').length).toBe(16)
    expect((await t.ok<{ random_bytes: string }>('POST', 'transit/random', { bytes: 8, format: 'hex' })).random_bytes).toMatch(/^[0-9a-f]{16}$/)
    expect((await t.ok<{ sum: string }>('POST', 'transit/hash/sha2-256', { input: b64('abc') })).sum).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad')
  })
})

import { beforeEach, describe, expect, it } from 'vitest'
import { b64, startTransit, unb64 } from './test-harness.js'
import type { TransitHarness } from './test-harness.js'

let t: TransitHarness

beforeEach(async () => {
  t = await startTransit()
})

interface Cipher {
  ciphertext: string
  key_version: number
}

describe('transit encrypt/decrypt: the lesson', () => {
  it('vault write -f transit/keys/myapp-key; encrypt credit-card-1234; decrypt it back', async () => {
    const key = await t.ok<Record<string, unknown>>('POST', 'transit/keys/myapp-key')
    expect(key).toMatchObject({ name: 'myapp-key', type: 'aes256-gcm96', latest_version: 1, min_decryption_version: 1 })
    const { ciphertext, key_version } = await t.ok<Cipher>('POST', 'transit/encrypt/myapp-key', { plaintext: b64('credit-card-1234\n') })
    expect(key_version).toBe(1)
    expect(ciphertext).toMatch(/^vault:v1:[A-Za-z0-9+/]+=*$/)
    // 12-byte nonce ‖ 17 bytes of ciphertext ‖ 16-byte tag.
    expect(Buffer.from(ciphertext.slice('vault:v1:'.length), 'base64').length).toBe(12 + 17 + 16)
    const { plaintext } = await t.ok<{ plaintext: string }>('POST', 'transit/decrypt/myapp-key', { ciphertext })
    expect(unb64(plaintext)).toBe('credit-card-1234\n')
  })
})

describe('round trips for every encrypting key type', () => {
  for (const type of ['aes128-gcm96', 'aes256-gcm96', 'chacha20-poly1305', 'xchacha20-poly1305', 'rsa-2048']) {
    it(type, async () => {
      await t.ok('POST', `transit/keys/k`, { type })
      const { ciphertext } = await t.ok<Cipher>('POST', 'transit/encrypt/k', { plaintext: b64('secret data') })
      expect(ciphertext.startsWith('vault:v1:')).toBe(true)
      expect(unb64((await t.ok<{ plaintext: string }>('POST', 'transit/decrypt/k', { ciphertext })).plaintext)).toBe('secret data')
    })
  }

  it('associated data must match for AEAD keys', async () => {
    await t.ok('POST', 'transit/keys/k')
    const { ciphertext } = await t.ok<Cipher>('POST', 'transit/encrypt/k', { plaintext: b64('x'), associated_data: b64('order-1') })
    expect(await t.fails(400, 'POST', 'transit/decrypt/k', { ciphertext, associated_data: b64('order-2') })).toBe('cipher: message authentication failed')
    expect((await t.ok<{ plaintext: string }>('POST', 'transit/decrypt/k', { ciphertext, associated_data: b64('order-1') })).plaintext).toBe(b64('x'))
  })

  it('signing-only keys refuse to encrypt', async () => {
    await t.ok('POST', 'transit/keys/ed', { type: 'ed25519' })
    expect(await t.fails(400, 'POST', 'transit/encrypt/ed', { plaintext: b64('x') })).toBe('message encryption not supported for key type ed25519')
  })
})

describe('rotation and crypto-shredding', () => {
  it('old ciphertexts decrypt until min_decryption_version moves past them', async () => {
    await t.ok('POST', 'transit/keys/app')
    const v1 = await t.ok<Cipher>('POST', 'transit/encrypt/app', { plaintext: b64('one') })
    const rotated = await t.ok<{ latest_version: number; keys: Record<string, number> }>('POST', 'transit/keys/app/rotate')
    expect(rotated.latest_version).toBe(2)
    expect(Object.keys(rotated.keys)).toEqual(['1', '2'])
    const v2 = await t.ok<Cipher>('POST', 'transit/encrypt/app', { plaintext: b64('two') })
    expect(v2.ciphertext.startsWith('vault:v2:')).toBe(true)
    expect(unb64((await t.ok<{ plaintext: string }>('POST', 'transit/decrypt/app', { ciphertext: v1.ciphertext })).plaintext)).toBe('one')

    const configured = await t.ok<{ min_decryption_version: number; keys: Record<string, number> }>('POST', 'transit/keys/app/config', { min_decryption_version: 2 })
    expect(configured.min_decryption_version).toBe(2)
    expect(Object.keys(configured.keys)).toEqual(['2'])
    expect(await t.fails(400, 'POST', 'transit/decrypt/app', { ciphertext: v1.ciphertext })).toBe('ciphertext or signature version is disallowed by policy (too old)')
    expect(unb64((await t.ok<{ plaintext: string }>('POST', 'transit/decrypt/app', { ciphertext: v2.ciphertext })).plaintext)).toBe('two')
  })

  it('rewrap moves a ciphertext to the latest version', async () => {
    await t.ok('POST', 'transit/keys/app')
    const v1 = await t.ok<Cipher>('POST', 'transit/encrypt/app', { plaintext: b64('data') })
    await t.ok('POST', 'transit/keys/app/rotate')
    const rewrapped = await t.ok<Cipher>('POST', 'transit/rewrap/app', { ciphertext: v1.ciphertext })
    expect(rewrapped.key_version).toBe(2)
    expect(rewrapped.ciphertext.startsWith('vault:v2:')).toBe(true)
    expect(unb64((await t.ok<{ plaintext: string }>('POST', 'transit/decrypt/app', { ciphertext: rewrapped.ciphertext })).plaintext)).toBe('data')
  })

  it('key_version below min_encryption_version is refused', async () => {
    await t.ok('POST', 'transit/keys/app')
    await t.ok('POST', 'transit/keys/app/rotate')
    await t.ok('POST', 'transit/keys/app/config', { min_encryption_version: 2 })
    expect(await t.fails(400, 'POST', 'transit/encrypt/app', { plaintext: b64('x'), key_version: 1 })).toBe(
      'requested version for encryption is less than the minimum encryption key version',
    )
    expect(await t.fails(400, 'POST', 'transit/encrypt/app', { plaintext: b64('x'), key_version: 3 })).toBe(
      'requested version for encryption is higher than the latest key version',
    )
  })
})

describe('malformed ciphertexts', () => {
  it('answers each with the text Vault uses', async () => {
    await t.ok('POST', 'transit/keys/k')
    const { ciphertext } = await t.ok<Cipher>('POST', 'transit/encrypt/k', { plaintext: b64('x') })
    const cases: [string, string][] = [
      ['nope', 'invalid ciphertext: no prefix'],
      ['vault:v1', 'invalid ciphertext: wrong number of fields'],
      ['vault:vX:abc', 'invalid ciphertext: version number could not be decoded'],
      ['vault:v9:abc', 'invalid ciphertext: version is too new'],
      ['vault:v1:***', 'invalid ciphertext: could not decode base64'],
      [`${ciphertext.slice(0, -4)}AAA=`, 'cipher: message authentication failed'],
    ]
    for (const [bad, message] of cases) expect(await t.fails(400, 'POST', 'transit/decrypt/k', { ciphertext: bad })).toBe(message)
    expect(await t.fails(400, 'POST', 'transit/decrypt/k', {})).toBe('missing ciphertext to decrypt')
    expect(await t.fails(400, 'POST', 'transit/encrypt/k', {})).toBe('missing plaintext to encrypt')
    expect(await t.fails(400, 'POST', 'transit/decrypt/none', { ciphertext })).toBe('encryption key not found')
  })
})

describe('derived keys', () => {
  it('need a context; each context derives its own key', async () => {
    await t.ok('POST', 'transit/keys/d', { derived: true })
    expect(await t.fails(400, 'POST', 'transit/encrypt/d', { plaintext: b64('x') })).toMatch(/^missing 'context' for key derivation/)
    const a = await t.ok<Cipher>('POST', 'transit/encrypt/d', { plaintext: b64('x'), context: b64('user-a') })
    expect(unb64((await t.ok<{ plaintext: string }>('POST', 'transit/decrypt/d', { ciphertext: a.ciphertext, context: b64('user-a') })).plaintext)).toBe('x')
    expect(await t.fails(400, 'POST', 'transit/decrypt/d', { ciphertext: a.ciphertext, context: b64('user-b') })).toBe('cipher: message authentication failed')
    const read = await t.ok<Record<string, unknown>>('GET', 'transit/keys/d')
    expect(read).toMatchObject({ derived: true, kdf: 'hkdf_sha256', convergent_encryption: false })
  })

  it('convergent encryption gives the same ciphertext for the same plaintext and context', async () => {
    await t.ok('POST', 'transit/keys/c', { derived: true, convergent_encryption: true })
    const one = await t.ok<Cipher>('POST', 'transit/encrypt/c', { plaintext: b64('same'), context: b64('ctx') })
    const two = await t.ok<Cipher>('POST', 'transit/encrypt/c', { plaintext: b64('same'), context: b64('ctx') })
    const other = await t.ok<Cipher>('POST', 'transit/encrypt/c', { plaintext: b64('same'), context: b64('ctx2') })
    expect(one.ciphertext).toBe(two.ciphertext)
    expect(other.ciphertext).not.toBe(one.ciphertext)
    expect(unb64((await t.ok<{ plaintext: string }>('POST', 'transit/decrypt/c', { ciphertext: one.ciphertext, context: b64('ctx') })).plaintext)).toBe('same')
    expect(await t.fails(400, 'POST', 'transit/keys/x', { convergent_encryption: true })).toBe('convergent encryption requires derivation to be enabled')
  })
})

describe('batches', () => {
  it('a bad item fails alone: 400 with every result, per-item errors, references kept', async () => {
    await t.ok('POST', 'transit/keys/b')
    const reply = await t.call('POST', 'transit/encrypt/b', {
      batch_input: [
        { plaintext: b64('good'), reference: 'r1' },
        { plaintext: 'not base64!', reference: 'r2' },
      ],
    })
    expect(reply.status).toBe(400)
    const results = (reply.json as { data: { batch_results: Record<string, unknown>[] } }).data.batch_results
    expect(results[0]).toMatchObject({ key_version: 1, reference: 'r1' })
    expect(String(results[0]?.['ciphertext'])).toMatch(/^vault:v1:/)
    expect(results[1]).toEqual({ error: 'illegal base64 data at input byte 3', reference: 'r2' })
  })

  it('partial_failure_response_code replaces the 400 when something succeeded, not when all failed', async () => {
    await t.ok('POST', 'transit/keys/b')
    const mixed = await t.call('POST', 'transit/encrypt/b', { partial_failure_response_code: 207, batch_input: [{ plaintext: b64('a') }, { plaintext: '%' }] })
    expect(mixed.status).toBe(207)
    const allBad = await t.call('POST', 'transit/encrypt/b', { partial_failure_response_code: 207, batch_input: [{ plaintext: '%' }] })
    expect(allBad.status).toBe(400)
  })

  it('decrypts a batch; a shredded version fails its item only', async () => {
    await t.ok('POST', 'transit/keys/b')
    const old = await t.ok<Cipher>('POST', 'transit/encrypt/b', { plaintext: b64('old') })
    await t.ok('POST', 'transit/keys/b/rotate')
    const fresh = await t.ok<Cipher>('POST', 'transit/encrypt/b', { plaintext: b64('new') })
    await t.ok('POST', 'transit/keys/b/config', { min_decryption_version: 2 })
    const reply = await t.call('POST', 'transit/decrypt/b', { batch_input: [{ ciphertext: old.ciphertext }, { ciphertext: fresh.ciphertext }] })
    expect(reply.status).toBe(400)
    expect((reply.json as { data: { batch_results: unknown[] } }).data.batch_results).toEqual([
      { plaintext: '', error: 'ciphertext or signature version is disallowed by policy (too old)', reference: '' },
      { plaintext: b64('new'), reference: '' },
    ])
  })

  it('context must be set in all items or none', async () => {
    await t.ok('POST', 'transit/keys/b', { derived: true })
    expect(await t.fails(400, 'POST', 'transit/encrypt/b', { batch_input: [{ plaintext: b64('a'), context: b64('c') }, { plaintext: b64('b') }] })).toBe(
      'context should be set either in all the request blocks or in none',
    )
  })
})

describe('key creation on encrypt', () => {
  async function tokenWith(capabilities: string[]): Promise<string> {
    const policy = `path "transit/encrypt/*" { capabilities = ${JSON.stringify(capabilities)} }`
    await t.ok('PUT', 'sys/policies/acl/enc', { policy })
    const reply = await t.call('POST', 'auth/token/create', { policies: ['enc'] })
    return (reply.json as { auth: { client_token: string } }).auth.client_token
  }

  it('with the create capability, encrypting with a missing key creates it', async () => {
    const token = await tokenWith(['create', 'update'])
    const out = await t.ok<Cipher>('POST', 'transit/encrypt/auto', { plaintext: b64('x') }, token)
    expect(out.key_version).toBe(1)
    expect(await t.ok<Record<string, unknown>>('GET', 'transit/keys/auto')).toMatchObject({ type: 'aes256-gcm96', derived: false })
  })

  it('with update only, a missing key is a permission error; an existing one works', async () => {
    const token = await tokenWith(['update'])
    expect((await t.call('POST', 'transit/encrypt/auto', { plaintext: b64('x') }, token)).status).toBe(403)
    await t.ok('POST', 'transit/keys/auto')
    expect((await t.call('POST', 'transit/encrypt/auto', { plaintext: b64('x') }, token)).status).toBe(200)
  })

  it('a context at creation makes a derived key; type chooses the cipher; config/keys can forbid it', async () => {
    await t.ok('POST', 'transit/encrypt/derived', { plaintext: b64('x'), context: b64('c'), type: 'chacha20-poly1305' })
    expect(await t.ok<Record<string, unknown>>('GET', 'transit/keys/derived')).toMatchObject({ derived: true, type: 'chacha20-poly1305' })
    expect(await t.fails(400, 'POST', 'transit/encrypt/e', { plaintext: b64('x'), type: 'ecdsa-p256' })).toBe('key type ecdsa-p256 not supported for this operation')
    expect(await t.fails(400, 'POST', 'transit/encrypt/e', { plaintext: b64('x'), type: 'rsa-2048' })).toBe('unknown key type rsa-2048')
    await t.ok('POST', 'transit/config/keys', { disable_upsert: true })
    expect(await t.fails(400, 'POST', 'transit/encrypt/never', { plaintext: b64('x') })).toBe('encryption key not found')
  })
})

describe('data keys', () => {
  it('plaintext returns the key and its wrapping; wrapped only the wrapping', async () => {
    await t.ok('POST', 'transit/keys/dk')
    const plain = await t.ok<{ plaintext: string; ciphertext: string; key_version: number }>('POST', 'transit/datakey/plaintext/dk', { bits: 512 })
    expect(Buffer.from(plain.plaintext, 'base64').length).toBe(64)
    expect((await t.ok<{ plaintext: string }>('POST', 'transit/decrypt/dk', { ciphertext: plain.ciphertext })).plaintext).toBe(plain.plaintext)
    const wrapped = await t.ok<Record<string, unknown>>('POST', 'transit/datakey/wrapped/dk')
    expect(Object.keys(wrapped).sort()).toEqual(['ciphertext', 'key_version'])
    expect(await t.fails(400, 'POST', 'transit/datakey/other/dk')).toBe("Invalid path, must be 'plaintext' or 'wrapped'")
    expect(await t.fails(400, 'POST', 'transit/datakey/plaintext/dk', { bits: 64 })).toBe('invalid bit length')
  })
})

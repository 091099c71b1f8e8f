import { constants, createHash, createPublicKey, verify } from 'node:crypto'
import type { KeyObject } from 'node:crypto'
import { beforeEach, describe, expect, it } from 'vitest'
import { b64, startTransit } from './test-harness.js'
import type { TransitHarness } from './test-harness.js'

let t: TransitHarness

beforeEach(async () => {
  t = await startTransit()
})

interface Signed {
  signature: string
  key_version: number
  public_key?: string
}

/** The version-1 public key of `name`, as `GET transit/keys/<name>` shows it, made a Node key. */
async function publicKeyOf(name: string): Promise<KeyObject> {
  const data = await t.ok<{ type: string; keys: Record<string, { public_key: string }> }>('GET', `transit/keys/${name}`)
  const shown = data.keys['1']?.public_key ?? ''
  if (data.type === 'ed25519') {
    // Vault shows ed25519 public keys as base64 of the 32 raw bytes.
    return createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(shown, 'base64').toString('base64url') }, format: 'jwk' })
  }
  return createPublicKey(shown) // PEM
}

const rawSig = (signature: string, jws = false): Buffer => Buffer.from(signature.replace(/^vault:v\d+:/, ''), jws ? 'base64url' : 'base64')
const message = Buffer.from('the quick brown fox')

describe('signatures that Node verifies with the public key from keys/<name>', () => {
  for (const type of ['ed25519', 'ecdsa-p256', 'ecdsa-p384', 'ecdsa-p521', 'rsa-2048']) {
    it(type, async () => {
      await t.ok('POST', 'transit/keys/s', { type })
      const signed = await t.ok<Signed>('POST', 'transit/sign/s', { input: message.toString('base64') })
      expect(signed.signature).toMatch(/^vault:v1:/)
      const pub = await publicKeyOf('s')
      const options = type.startsWith('rsa') ? { key: pub, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_AUTO } : pub
      expect(verify(type === 'ed25519' ? null : 'sha256', message, options, rawSig(signed.signature))).toBe(true)
      expect(await t.ok('POST', 'transit/verify/s', { input: message.toString('base64'), signature: signed.signature })).toEqual({ valid: true })
      expect(await t.ok('POST', 'transit/verify/s', { input: b64('tampered'), signature: signed.signature })).toEqual({ valid: false })
      // The PEM a client would store.
      expect(pub.export({ format: 'pem', type: 'spki' }).toString()).toMatch(/^-----BEGIN PUBLIC KEY-----/)
    })
  }

  it('rsa-3072 and rsa-4096 sign with PKCS#1 v1.5 and encrypt', async () => {
    for (const type of ['rsa-3072', 'rsa-4096']) {
      await t.ok('POST', `transit/keys/${type}`, { type })
      const signed = await t.ok<Signed>('POST', `transit/sign/${type}/sha2-512`, { input: message.toString('base64'), signature_algorithm: 'pkcs1v15' })
      const pub = await publicKeyOf(type)
      expect(pub.asymmetricKeyDetails?.modulusLength).toBe(Number(type.slice(4)))
      expect(verify('sha512', message, pub, rawSig(signed.signature))).toBe(true)
      const { ciphertext } = await t.ok<{ ciphertext: string }>('POST', `transit/encrypt/${type}`, { plaintext: b64('rsa') })
      expect((await t.ok<{ plaintext: string }>('POST', `transit/decrypt/${type}`, { ciphertext })).plaintext).toBe(b64('rsa'))
    }
  }, 60_000)

  it('jws marshaling gives raw r‖s in base64url for ECDSA', async () => {
    await t.ok('POST', 'transit/keys/e', { type: 'ecdsa-p256' })
    const signed = await t.ok<Signed>('POST', 'transit/sign/e', { input: message.toString('base64'), marshaling_algorithm: 'jws' })
    const sig = rawSig(signed.signature, true)
    expect(sig.length).toBe(64)
    expect(verify('sha256', message, { key: await publicKeyOf('e'), dsaEncoding: 'ieee-p1363' }, sig)).toBe(true)
    expect(await t.ok('POST', 'transit/verify/e', { input: message.toString('base64'), signature: signed.signature, marshaling_algorithm: 'jws' })).toEqual({ valid: true })
  })

  it('the hash algorithm comes from the path or hash_algorithm', async () => {
    await t.ok('POST', 'transit/keys/e', { type: 'ecdsa-p384' })
    const pub = await publicKeyOf('e')
    for (const [path, body, hash] of [
      ['transit/sign/e/sha2-384', {}, 'sha384'],
      ['transit/sign/e', { hash_algorithm: 'sha3-256' }, 'sha3-256'],
    ] as const) {
      const signed = await t.ok<Signed>('POST', path, { input: message.toString('base64'), ...body })
      expect(verify(hash, message, pub, rawSig(signed.signature))).toBe(true)
    }
  })
})

describe('prehashed input', () => {
  const digest = createHash('sha256').update(message).digest()

  it('ECDSA signs the digest as given, on every curve', async () => {
    for (const type of ['ecdsa-p256', 'ecdsa-p384', 'ecdsa-p521']) {
      await t.ok('POST', `transit/keys/${type}`, { type })
      const pub = await publicKeyOf(type)
      const signed = await t.ok<Signed>('POST', `transit/sign/${type}`, { input: digest.toString('base64'), prehashed: true })
      expect(verify('sha256', message, pub, rawSig(signed.signature))).toBe(true)
      expect(await t.ok('POST', `transit/verify/${type}`, { input: digest.toString('base64'), signature: signed.signature, prehashed: true })).toEqual({ valid: true })
      // And the other way round: a signature Node made over the message verifies against its digest.
      const byNode = await t.ok<Signed>('POST', `transit/sign/${type}`, { input: message.toString('base64') })
      expect(await t.ok('POST', `transit/verify/${type}`, { input: digest.toString('base64'), signature: byNode.signature, prehashed: true })).toEqual({ valid: true })
      expect(await t.ok('POST', `transit/verify/${type}`, { input: Buffer.alloc(32, 1).toString('base64'), signature: byNode.signature, prehashed: true })).toEqual({ valid: false })
    }
  })

  it('RSA PSS and PKCS#1 v1.5 sign the digest as given; hash none needs both', async () => {
    await t.ok('POST', 'transit/keys/r', { type: 'rsa-2048' })
    const pub = await publicKeyOf('r')
    const pss = await t.ok<Signed>('POST', 'transit/sign/r', { input: digest.toString('base64'), prehashed: true })
    expect(verify('sha256', message, { key: pub, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_AUTO }, rawSig(pss.signature))).toBe(true)
    expect(await t.ok('POST', 'transit/verify/r', { input: digest.toString('base64'), signature: pss.signature, prehashed: true })).toEqual({ valid: true })
    const pkcs = await t.ok<Signed>('POST', 'transit/sign/r', { input: digest.toString('base64'), prehashed: true, signature_algorithm: 'pkcs1v15' })
    expect(verify('sha256', message, pub, rawSig(pkcs.signature))).toBe(true)
    expect(await t.fails(400, 'POST', 'transit/sign/r', { input: digest.toString('base64'), hash_algorithm: 'none' })).toBe(
      'hash_algorithm=none requires both prehashed=true and signature_algorithm=pkcs1v15',
    )
    const none = await t.ok<Signed>('POST', 'transit/sign/r', { input: digest.toString('base64'), hash_algorithm: 'none', prehashed: true, signature_algorithm: 'pkcs1v15' })
    expect(await t.ok('POST', 'transit/verify/r', { input: digest.toString('base64'), signature: none.signature, hash_algorithm: 'none', prehashed: true, signature_algorithm: 'pkcs1v15' })).toEqual({ valid: true })
  })
})

describe('derived ed25519, versions, errors', () => {
  it('a derived ed25519 key signs per context and returns that public key', async () => {
    await t.ok('POST', 'transit/keys/d', { type: 'ed25519', derived: true })
    const signed = await t.ok<Signed>('POST', 'transit/sign/d', { input: message.toString('base64'), context: b64('tenant-1') })
    expect(signed.public_key).toBeDefined()
    const pub = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(signed.public_key ?? '', 'base64').toString('base64url') }, format: 'jwk' })
    expect(verify(null, message, pub, rawSig(signed.signature))).toBe(true)
    const shown = await t.ok<{ keys: Record<string, { public_key: string }> }>('GET', 'transit/keys/d', { context: b64('tenant-1') })
    expect(shown.keys['1']?.public_key).toBe(signed.public_key)
    expect(await t.ok('POST', 'transit/verify/d', { input: message.toString('base64'), signature: signed.signature, context: b64('tenant-2') })).toEqual({ valid: false })
  })

  it('min_decryption_version also retires signatures; bad requests get Vault texts', async () => {
    await t.ok('POST', 'transit/keys/e', { type: 'ed25519' })
    const old = await t.ok<Signed>('POST', 'transit/sign/e', { input: message.toString('base64') })
    await t.ok('POST', 'transit/keys/e/rotate')
    await t.ok('POST', 'transit/keys/e/config', { min_decryption_version: 2 })
    expect(await t.fails(400, 'POST', 'transit/verify/e', { input: message.toString('base64'), signature: old.signature })).toBe(
      'ciphertext or signature version is disallowed by policy (too old)',
    )
    expect(await t.fails(400, 'POST', 'transit/verify/e', { input: message.toString('base64') })).toBe("neither a 'signature' nor an 'hmac' were given to verify")
    expect(await t.fails(400, 'POST', 'transit/sign/missing', { input: 'AA==' })).toBe('signing key not found')
    await t.ok('POST', 'transit/keys/aes')
    expect(await t.fails(400, 'POST', 'transit/sign/aes', { input: 'AA==' })).toBe('key type aes256-gcm96 does not support signing')
    expect(await t.fails(400, 'POST', 'transit/sign/e', { input: 'AA==', hash_algorithm: 'md5' })).toBe('invalid hash algorithm "md5"')
    expect(await t.fails(500, 'POST', 'transit/sign/e', { input: 'AA==', key_version: 7 })).toBe(
      '1 error occurred:\n\t* requested version for signing is higher than the latest key version\n\n',
    )
  })

  it('batch signing keeps per-item errors and answers 200', async () => {
    await t.ok('POST', 'transit/keys/e', { type: 'ecdsa-p256' })
    const reply = await t.call('POST', 'transit/sign/e', { batch_input: [{ input: message.toString('base64'), reference: 'a' }, { input: '!!', reference: 'b' }] })
    expect(reply.status).toBe(200)
    const results = (reply.json as { data: { batch_results: Record<string, unknown>[] } }).data.batch_results
    expect(results[0]).toMatchObject({ key_version: 1, reference: 'a' })
    expect(results[1]).toEqual({ key_version: 0, error: 'unable to decode input as base64: illegal base64 data at input byte 0', reference: 'b' })
  })
})

describe('hmac', () => {
  it('HMACs with the per-version key and verifies', async () => {
    await t.ok('POST', 'transit/keys/h', { type: 'hmac', key_size: 32, exportable: true })
    const { hmac } = await t.ok<{ hmac: string }>('POST', 'transit/hmac/h/sha2-512', { input: message.toString('base64') })
    const key = Buffer.from((await t.ok<{ keys: Record<string, string> }>('GET', 'transit/export/hmac-key/h/1')).keys['1'] ?? '', 'base64')
    const { createHmac } = await import('node:crypto')
    expect(hmac).toBe(`vault:v1:${createHmac('sha512', key).update(message).digest('base64')}`)
    expect(await t.ok('POST', 'transit/verify/h/sha2-512', { input: message.toString('base64'), hmac })).toEqual({ valid: true })
    expect(await t.ok('POST', 'transit/verify/h', { input: message.toString('base64'), hmac })).toEqual({ valid: false })
    await t.ok('POST', 'transit/keys/aes')
    expect((await t.ok<{ hmac: string }>('POST', 'transit/hmac/aes', { input: message.toString('base64') })).hmac).toMatch(/^vault:v1:/)
    expect(await t.fails(400, 'POST', 'transit/hmac/aes', {})).toBe('missing input for HMAC')
  })
})

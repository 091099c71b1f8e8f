import { describe, expect, it } from 'vitest'
import { Core } from '../../core/core.js'
import { decodeRootToken } from '../../core/seal/root-token-otp.js'
import { caller, init, shamirCore, unsealedCore } from '../../../../test/helpers/sealed-core.js'

const WRONG_KEYS = 'unable to retrieve stored keys: invalid key: failed to decrypt keys from storage: cipher: message authentication failed'

describe('sys/generate-root', () => {
  it('makes a new root token from 3 of 5 shares, XOR-encoded with the server-made OTP', async () => {
    const { call, keys } = await unsealedCore()
    const idle = (await call('GET', 'sys/generate-root/attempt')).body
    expect(idle).toEqual({ nonce: '', started: false, progress: 0, required: 3, complete: false, encoded_token: '', encoded_root_token: '', pgp_fingerprint: '', otp: '', otp_length: 28 })

    const started = (await call('PUT', 'sys/generate-root/attempt', {})).body
    expect(started).toMatchObject({ started: true, progress: 0, required: 3, complete: false, otp_length: 28 })
    const otp = started['otp'] as string
    const nonce = started['nonce'] as string
    expect(otp).toMatch(/^[0-9A-Za-z]{28}$/)
    // The OTP is shown once.
    expect((await call('GET', 'sys/generate-root/attempt')).body).toMatchObject({ started: true, nonce, otp: '' })

    const first = (await call('PUT', 'sys/generate-root/update', { key: keys.keys[0], nonce })).body
    expect(first).toMatchObject({ nonce, started: true, progress: 1, required: 3, complete: false, encoded_token: '' })
    const dup = await call('PUT', 'sys/generate-root/update', { key: keys.keys_base64[0], nonce })
    expect([dup.status, dup.body]).toEqual([400, { errors: ['given key has already been provided during this generation operation'] }])
    await call('PUT', 'sys/generate-root/update', { key: keys.keys[3], nonce })
    const done = (await call('PUT', 'sys/generate-root/update', { key: keys.keys[4], nonce })).body
    expect(done).toMatchObject({ nonce, started: true, progress: 3, required: 3, complete: true })
    expect(done['encoded_root_token']).toBe(done['encoded_token'])

    const token = decodeRootToken(done['encoded_token'] as string, otp)
    expect(token).toMatch(/^hvs\.[0-9A-Za-z]{24}$/)
    expect(((await call('GET', 'auth/token/lookup-self', undefined, token)).body['data'] as Record<string, unknown>)['policies']).toEqual(['root'])
    const decoded = await call('PUT', 'sys/decode-token', { encoded_token: done['encoded_token'], otp })
    expect((decoded.body['data'] as Record<string, unknown>)['token']).toBe(token)
    // The attempt is over.
    expect((await call('GET', 'sys/generate-root/attempt')).body).toMatchObject({ started: false, nonce: '' })
  })

  it('takes a caller\'s OTP of the right length only, one attempt at a time, and can be cancelled', async () => {
    const { call } = await unsealedCore()
    const short = await call('PUT', 'sys/generate-root/attempt', { otp: 'abc' })
    expect([short.status, short.body]).toEqual([400, { errors: ['OTP string is wrong length'] }])
    const otp = 'A'.repeat(28)
    const started = await call('PUT', 'sys/generate-root/attempt', { otp })
    expect(started.body).toMatchObject({ started: true, otp: '' })
    const again = await call('PUT', 'sys/generate-root/attempt', { otp })
    expect([again.status, again.body]).toEqual([400, { errors: ['root generation already in progress'] }])
    expect((await call('DELETE', 'sys/generate-root/attempt')).status).toBe(204)
    expect((await call('GET', 'sys/generate-root/attempt')).body['started']).toBe(false)
  })

  it('rejects wrong nonces, bad keys and a wrong combination with Vault\'s messages', async () => {
    const { call, keys } = await unsealedCore()
    const none = await call('PUT', 'sys/generate-root/update', { key: keys.keys[0], nonce: 'x' })
    expect([none.status, none.body]).toEqual([400, { errors: ['no root generation in progress'] }])
    const nonce = (await call('PUT', 'sys/generate-root/attempt', {})).body['nonce'] as string
    const wrongNonce = await call('PUT', 'sys/generate-root/update', { key: keys.keys[0], nonce: 'other' })
    expect(wrongNonce.body).toEqual({ errors: [`incorrect nonce supplied; nonce for this root generation operation is "${nonce}"`] })
    expect((await call('PUT', 'sys/generate-root/update', { nonce })).body).toEqual({ errors: ["'key' must be specified in request body as JSON"] })
    expect((await call('PUT', 'sys/generate-root/update', { key: '!!', nonce })).body).toEqual({ errors: ["'key' must be a valid hex or base64 string"] })

    const other = await unsealedCore()
    for (const key of other.keys.keys.slice(0, 2)) await call('PUT', 'sys/generate-root/update', { key, nonce })
    const wrong = await call('PUT', 'sys/generate-root/update', { key: other.keys.keys[2], nonce })
    expect([wrong.status, wrong.body]).toEqual([400, { errors: [`root generation aborted: unable to authenticate: ${WRONG_KEYS}`] }])
    // The attempt survives with its progress reset.
    expect((await call('GET', 'sys/generate-root/attempt')).body).toMatchObject({ started: true, nonce, progress: 0 })
  })

  it('needs an initialised, unsealed core', async () => {
    const { call } = await shamirCore()
    expect((await call('GET', 'sys/generate-root/attempt')).body).toEqual({ errors: ['server is not yet initialized'] })
    expect((await call('PUT', 'sys/generate-root/attempt', {})).status).toBe(503)
    const update = await call('PUT', 'sys/generate-root/update', { key: 'ab'.repeat(33), nonce: 'x' })
    expect([update.status, update.body]).toEqual([400, { errors: ['Vault is not initialized'] }])
    await init(call)
    expect((await call('PUT', 'sys/generate-root/update', { key: 'ab'.repeat(33), nonce: 'x' })).status).toBe(503)
    expect((await call('PUT', 'sys/generate-root/update', { key: 'ab'.repeat(8), nonce: 'x' })).body).toEqual({ errors: ['invalid key: key is shorter than minimum 16 bytes'] })
    const sealed = await call('GET', 'sys/generate-root/attempt')
    expect([sealed.status, sealed.body]).toEqual([503, { errors: ['Vault is sealed'] }])
  })

  it('works in dev mode with the dev unseal key', async () => {
    const core = await Core.create({ log: () => undefined })
    const call = caller(core)
    const key = core.seal.devUnsealKey as string
    expect(Buffer.from(key, 'base64')).toHaveLength(32)
    const { otp, nonce } = (await call('PUT', 'sys/generate-root/attempt', {})).body as { otp: string; nonce: string }
    const done = (await call('PUT', 'sys/generate-root/update', { key, nonce })).body
    expect(done).toMatchObject({ complete: true, progress: 1, required: 1 })
    const token = decodeRootToken(done['encoded_token'] as string, otp)
    expect((await call('GET', 'auth/token/lookup-self', undefined, token)).status).toBe(200)
  })
})

describe('sys/decode-token', () => {
  it('needs both fields', async () => {
    const call = caller(await Core.create({ log: () => undefined }))
    expect((await call('PUT', 'sys/decode-token', { otp: 'x' })).body).toEqual({ errors: ["provided 'encoded_token' or 'otp' is empty"] })
  })
})

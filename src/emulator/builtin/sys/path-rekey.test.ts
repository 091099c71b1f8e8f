import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { init, shamirCore, unseal, unsealedCore } from '../../../../test/helpers/sealed-core.js'
import type { Call } from '../../../../test/helpers/sealed-core.js'

const WRONG_KEYS = 'unable to retrieve stored keys: invalid key: failed to decrypt keys from storage: cipher: message authentication failed'

async function rekey(call: Call, oldKeys: readonly string[], shares: number, threshold: number): Promise<{ keys: string[]; keys_base64: string[] }> {
  const nonce = (await call('PUT', 'sys/rekey/init', { secret_shares: shares, secret_threshold: threshold })).body['nonce'] as string
  let body: Record<string, unknown> = {}
  for (const key of oldKeys) body = (await call('PUT', 'sys/rekey/update', { key, nonce })).body
  expect(body['complete']).toBe(true)
  return body as unknown as { keys: string[]; keys_base64: string[] }
}

describe('sys/rekey', () => {
  it('splits a new root key into new shares from 3 of the 5 old ones; the old shares stop working', async () => {
    const { call, keys } = await unsealedCore()
    await call('POST', 'sys/mounts/kv', { type: 'kv' }, keys.root_token)
    await call('PUT', 'kv/app', { password: 'kept' }, keys.root_token)

    expect((await call('GET', 'sys/rekey/init')).body).toEqual({ nonce: '', started: false, t: 0, n: 0, progress: 0, required: 3, pgp_fingerprints: null, backup: false, verification_required: false })
    const started = (await call('PUT', 'sys/rekey/init', { secret_shares: 3, secret_threshold: 2 })).body
    expect(started).toMatchObject({ started: true, t: 2, n: 3, progress: 0, required: 3 })
    const nonce = started['nonce'] as string
    expect(nonce).toMatch(/^[0-9a-f-]{36}$/)
    expect((await call('PUT', 'sys/rekey/init', { secret_shares: 3, secret_threshold: 2 })).body).toEqual({ errors: ['rekey already in progress'] })

    const wrongNonce = await call('PUT', 'sys/rekey/update', { key: keys.keys[0], nonce: 'nope' })
    expect([wrongNonce.status, wrongNonce.body]).toEqual([400, { errors: [`incorrect nonce supplied; nonce for this rekey operation is "${nonce}"`] }])
    expect((await call('PUT', 'sys/rekey/update', { key: keys.keys[0], nonce })).body).toMatchObject({ started: true, progress: 1, required: 3 })
    expect((await call('PUT', 'sys/rekey/update', { key: keys.keys[0], nonce })).body).toEqual({ errors: ['given key has already been provided during this generation operation'] })
    await call('PUT', 'sys/rekey/update', { key: keys.keys_base64[2], nonce })
    const done = (await call('PUT', 'sys/rekey/update', { key: keys.keys[4], nonce })).body
    expect(done).toMatchObject({ nonce, complete: true, pgp_fingerprints: null, backup: false, verification_required: false })
    const fresh = done as unknown as { keys: string[]; keys_base64: string[] }
    expect(fresh.keys).toHaveLength(3)
    expect(fresh.keys_base64.map((k) => Buffer.from(k, 'base64').toString('hex'))).toEqual(fresh.keys)
    expect((await call('GET', 'sys/rekey/init')).body).toMatchObject({ started: false, required: 2 })
    expect((await call('GET', 'sys/seal-status')).body).toMatchObject({ t: 2, n: 3, sealed: false })

    await call('PUT', 'sys/seal', {}, keys.root_token)
    // Two old shares reach the new threshold of 2: combined, they do not open the keyring.
    expect((await call('PUT', 'sys/unseal', { key: keys.keys[0] })).body).toMatchObject({ sealed: true, progress: 1, t: 2 })
    const refused = await call('PUT', 'sys/unseal', { key: keys.keys[1] })
    expect([refused.status, refused.body]).toEqual([400, { errors: [WRONG_KEYS] }])
    expect((await call('GET', 'sys/seal-status')).body).toMatchObject({ sealed: true, progress: 0 })
    const unsealed = await unseal(call, fresh.keys.slice(1, 3))
    expect(unsealed).toMatchObject({ sealed: false, t: 2, n: 3 })
    expect((await call('GET', 'kv/app', undefined, keys.root_token)).body).toMatchObject({ data: { password: 'kept' } })
  })

  it('refuses shares of another key without changing anything, and can be cancelled', async () => {
    const { call, keys } = await unsealedCore()
    const other = await init((await shamirCore()).call)
    const nonce = (await call('PUT', 'sys/rekey/init', { secret_shares: 1, secret_threshold: 1 })).body['nonce'] as string
    for (const key of other.keys.slice(0, 2)) await call('PUT', 'sys/rekey/update', { key, nonce })
    const wrong = await call('PUT', 'sys/rekey/update', { key: other.keys[2], nonce })
    expect([wrong.status, wrong.body]).toEqual([400, { errors: ['master key verification failed: unseal failed, invalid key'] }])
    expect((await call('GET', 'sys/seal-status')).body).toMatchObject({ t: 3, n: 5 })

    expect((await call('DELETE', 'sys/rekey/init')).status).toBe(204)
    expect((await call('GET', 'sys/rekey/init')).body).toMatchObject({ started: false, nonce: '' })
    const none = await call('PUT', 'sys/rekey/update', { key: keys.keys[0], nonce })
    expect([none.status, none.body]).toEqual([400, { errors: ['no barrier rekey in progress'] }])
    await call('PUT', 'sys/seal', {}, keys.root_token)
    expect(await unseal(call, keys.keys.slice(2, 5))).toMatchObject({ sealed: false }) // the old shares still work
  })

  it('validates the new configuration and refuses what it does not emulate', async () => {
    const { call } = await unsealedCore()
    expect((await call('PUT', 'sys/rekey/init', { secret_shares: 5, secret_threshold: 6 })).body).toEqual({ errors: ['invalid seal configuration: threshold cannot be larger than shares'] })
    expect((await call('PUT', 'sys/rekey/init', { secret_shares: 3, secret_threshold: 2, backup: true })).body).toEqual({ errors: ['cannot request a backup of the new keys without providing PGP keys for encryption'] })
    expect((await call('PUT', 'sys/rekey/init', { secret_shares: 3, secret_threshold: 2, require_verification: true })).status).toBe(400)
    expect((await call('GET', 'sys/rekey/init')).body).toMatchObject({ started: false })
  })

  it('answers 503 while sealed, and writes the new keys to the state file', async () => {
    const stateFile = join(mkdtempSync(join(tmpdir(), 'vault-emu-rekey-')), 'vault.state')
    const { call, core, keys } = await unsealedCore({ stateFile })
    const fresh = await rekey(call, keys.keys.slice(0, 3), 4, 2)
    await call('PUT', 'sys/seal', {}, keys.root_token)
    expect((await call('GET', 'sys/rekey/init')).status).toBe(503)
    await core.stop?.()

    const restarted = await shamirCore({ stateFile })
    expect((await restarted.call('GET', 'sys/seal-status')).body).toMatchObject({ sealed: true, t: 2, n: 4 })
    expect(await unseal(restarted.call, fresh.keys.slice(2, 4))).toMatchObject({ sealed: false })
  })
})

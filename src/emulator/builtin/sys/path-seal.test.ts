import { describe, expect, it } from 'vitest'
import { init, shamirCore, unseal, unsealedCore } from '../../../../test/helpers/sealed-core.js'
import { mountLeaseEngine, revokedLeases } from '../../../../test/helpers/lease-engine.js'

const WRONG_KEYS = 'unable to retrieve stored keys: invalid key: failed to decrypt keys from storage: cipher: message authentication failed'

/** Flip one bit of a share's value bytes (its x byte stays, so it still counts as a distinct share). */
function corrupt(hexShare: string): string {
  const bytes = Buffer.from(hexShare, 'hex')
  bytes[0] = (bytes[0] as number) ^ 0x01
  return bytes.toString('hex')
}

describe('sys/init', () => {
  it('starts uninitialised: seal-status t=n=0, sealed; GET sys/init says false', async () => {
    const { call } = await shamirCore()
    const status = await call('GET', 'sys/seal-status')
    expect(status.body).toMatchObject({ type: 'shamir', initialized: false, sealed: true, t: 0, n: 0, progress: 0, nonce: '' })
    expect(status.body['cluster_name']).toBeUndefined()
    expect((await call('GET', 'sys/init')).body).toEqual({ initialized: false })
  })

  it('validates the configuration with Vault\'s messages, in Vault\'s order', async () => {
    const { call } = await shamirCore()
    const cases: Array<[Record<string, unknown>, string]> = [
      [{}, 'invalid seal configuration: shares must be at least one'],
      [{ secret_shares: 5 }, 'invalid seal configuration: threshold must be at least one'],
      [{ secret_shares: 5, secret_threshold: 1 }, 'invalid seal configuration: threshold must be greater than one for multiple shares'],
      [{ secret_shares: 256, secret_threshold: 3 }, 'invalid seal configuration: shares must be less than 256'],
      [{ secret_shares: 3, secret_threshold: 256 }, 'invalid seal configuration: threshold must be less than 256'],
      [{ secret_shares: 3, secret_threshold: 5 }, 'invalid seal configuration: threshold cannot be larger than shares'],
      [{ secret_shares: 3, secret_threshold: 2, pgp_keys: ['a', 'b'] }, 'invalid seal configuration: count mismatch between number of provided PGP keys and number of shares'],
      [{ secret_shares: 3, secret_threshold: 2, recovery_shares: 5, recovery_threshold: 3 }, 'parameters recovery_shares,recovery_threshold not applicable to seal type shamir'],
    ]
    for (const [body, message] of cases) {
      const reply = await call('PUT', 'sys/init', body)
      expect([reply.status, reply.body], JSON.stringify(body)).toEqual([400, { errors: [message] }])
    }
    expect((await call('GET', 'sys/seal-status')).body['initialized']).toBe(false)
  })

  it('with 5/3 returns five 33-byte shares in hex and base64 and an hvs. root token, and stays sealed', async () => {
    const { call } = await shamirCore()
    const reply = await init(call)
    expect(reply.keys).toHaveLength(5)
    reply.keys.forEach((hex, i) => {
      expect(hex).toMatch(/^[0-9a-f]{66}$/)
      expect(Buffer.from(reply.keys_base64[i] as string, 'base64').toString('hex')).toBe(hex)
      expect(reply.keys_base64[i]).toHaveLength(44)
    })
    expect(reply.root_token).toMatch(/^hvs\.[0-9A-Za-z]{24}$/)
    expect((await call('GET', 'sys/seal-status')).body).toMatchObject({ initialized: true, sealed: true, t: 3, n: 5, progress: 0, nonce: '' })
    expect((await call('GET', 'sys/init')).body).toEqual({ initialized: true })
    expect((await call('PUT', 'sys/init', { secret_shares: 5, secret_threshold: 3 })).body).toEqual({ errors: ['Vault is already initialized'] })
  })

  it('with one share hands out the raw 32-byte key, which unseals alone', async () => {
    const { call } = await shamirCore()
    const reply = await init(call, 1, 1)
    expect(reply.keys[0]).toMatch(/^[0-9a-f]{64}$/)
    expect((await unseal(call, reply.keys_base64))['sealed']).toBe(false)
  })

  it('creates the core mounts and a root token, without dev mode\'s secret/', async () => {
    const { call, keys } = await unsealedCore()
    const mounts = (await call('GET', 'sys/mounts', undefined, keys.root_token)).body['data'] as Record<string, unknown>
    expect(Object.keys(mounts).sort()).toEqual(['cubbyhole/', 'identity/', 'sys/'])
    const self = (await call('GET', 'auth/token/lookup-self', undefined, keys.root_token)).body['data'] as Record<string, unknown>
    expect(self).toMatchObject({ policies: ['root'], display_name: 'root', orphan: true, ttl: 0, path: 'auth/token/root' })
  })
})

describe('sys/unseal', () => {
  it('unseals with 3 of 5 shares, showing progress and one nonce for the round', async () => {
    const { call } = await shamirCore()
    const { keys, keys_base64, root_token } = await init(call)
    const first = (await call('PUT', 'sys/unseal', { key: keys[4] })).body
    expect(first).toMatchObject({ sealed: true, t: 3, n: 5, progress: 1 })
    expect(first['nonce']).toMatch(/^[0-9a-f-]{36}$/)
    const second = (await call('PUT', 'sys/unseal', { key: keys_base64[1] })).body
    expect(second).toMatchObject({ sealed: true, progress: 2, nonce: first['nonce'] })
    const third = (await call('PUT', 'sys/unseal', { key: keys[2] })).body
    expect(third).toMatchObject({ sealed: false, progress: 0, nonce: '', t: 3, n: 5 })
    expect(third['cluster_name']).toMatch(/^vault-cluster-/)
    expect((await call('GET', 'sys/mounts', undefined, root_token)).status).toBe(200)
    // Already unsealed: any further key just returns the status.
    expect((await call('PUT', 'sys/unseal', { key: keys[0] })).body['sealed']).toBe(false)
  })

  it('stays sealed with 2 of 5 shares; everything but the seal endpoints answers 503', async () => {
    const { call } = await shamirCore()
    const { keys, root_token } = await init(call)
    expect((await unseal(call, keys.slice(0, 2)))['sealed']).toBe(true)
    for (const [method, path] of [
      ['GET', 'secret/data/app'], ['PUT', 'sys/mounts/kv'], ['GET', 'sys/mounts'], ['GET', 'auth/token/lookup-self'],
      ['PUT', 'auth/userpass/login/alice'], ['GET', 'no/such/mount'], ['PUT', 'sys/seal'], ['GET', 'sys/leader'], ['PUT', 'sys/decode-token'],
    ] as const) {
      const reply = await call(method, path, method === 'PUT' ? { x: 1 } : undefined, root_token)
      expect([reply.status, reply.body], `${method} ${path}`).toEqual([503, { errors: ['Vault is sealed'] }])
    }
    for (const path of ['sys/seal-status', 'sys/init']) expect((await call('GET', path)).status).toBe(200)
    expect((await call('GET', 'sys/health')).status).toBe(503)
  })

  it('ignores a share given twice in a round (hex and base64 of it are the same share)', async () => {
    const { call } = await shamirCore()
    const { keys, keys_base64 } = await init(call)
    await call('PUT', 'sys/unseal', { key: keys[0] })
    const again = (await call('PUT', 'sys/unseal', { key: keys_base64[0] })).body
    expect(again).toMatchObject({ sealed: true, progress: 1 })
  })

  it('answers a wrong combination with Vault\'s 400, resets the round and keeps the state intact', async () => {
    const { call, keys } = await unsealedCore()
    const root = keys.root_token
    expect((await call('POST', 'sys/mounts/kv', { type: 'kv' }, root)).status).toBe(204)
    expect((await call('PUT', 'kv/app', { password: 'hunter2' }, root)).status).toBe(204)
    expect((await call('PUT', 'sys/seal', undefined, root)).status).toBe(204)

    await call('PUT', 'sys/unseal', { key: keys.keys[0] })
    await call('PUT', 'sys/unseal', { key: keys.keys[1] })
    const bad = await call('PUT', 'sys/unseal', { key: corrupt(keys.keys[2] as string) })
    expect([bad.status, bad.body]).toEqual([400, { errors: [WRONG_KEYS] }])
    expect((await call('GET', 'sys/seal-status')).body).toMatchObject({ sealed: true, progress: 0, nonce: '' })
    expect((await call('GET', 'kv/app', undefined, root)).status).toBe(503)

    expect((await unseal(call, keys.keys.slice(2, 5)))['sealed']).toBe(false)
    expect(((await call('GET', 'kv/app', undefined, root)).body['data'] as Record<string, unknown>)['password']).toBe('hunter2')
  })

  it('names shares that cannot be combined (duplicate x, mixed lengths) and resets the round', async () => {
    const { call } = await shamirCore()
    const { keys } = await init(call)
    const twin = Buffer.from(keys[1] as string, 'hex')
    twin[32] = Buffer.from(keys[0] as string, 'hex')[32] as number
    await unseal(call, [keys[0] as string, keys[2] as string])
    const dup = await call('PUT', 'sys/unseal', { key: twin.toString('hex') })
    expect([dup.status, dup.body]).toEqual([400, { errors: ['invalid key: failed to compute combined key: duplicate part detected'] }])
    expect((await call('GET', 'sys/seal-status')).body['progress']).toBe(0)
    await unseal(call, [keys[0] as string, keys[2] as string])
    const mixed = await call('PUT', 'sys/unseal', { key: Buffer.alloc(32, 7).toString('hex') })
    expect(mixed.body).toEqual({ errors: ['invalid key: failed to compute combined key: all parts must be the same length'] })
  })

  it('reports malformed requests with Vault\'s messages', async () => {
    const { call } = await shamirCore()
    const expectError = async (body: unknown, message: string) => {
      const reply = await call('PUT', 'sys/unseal', body)
      expect([reply.status, reply.body], JSON.stringify(body)).toEqual([400, { errors: [message] }])
    }
    await expectError({ key: 'ab'.repeat(33) }, 'Vault is not initialized')
    const { keys } = await init(call)
    await expectError({}, "'key' must be specified in request body as JSON, or 'reset' set to true")
    await expectError({ key: 'not-hex-nor-base64!' }, "'key' must be a valid hex or base64 string")
    await expectError({ key: Buffer.alloc(15).toString('base64') }, 'invalid key: key is shorter than minimum 16 bytes')
    await expectError({ key: Buffer.alloc(34).toString('base64') }, 'invalid key: key is longer than maximum 33 bytes')
    await expectError({ key: 42 }, 'failed to parse JSON input: json: cannot unmarshal number into Go struct field UnsealRequest.Key of type string')

    // Names match case-insensitively, as Go decodes them; reset clears the round.
    expect((await call('PUT', 'sys/unseal', { Key: keys[0] })).body['progress']).toBe(1)
    expect((await call('PUT', 'sys/unseal', { reset: true })).body).toMatchObject({ sealed: true, progress: 0, nonce: '' })
    await unseal(call, keys.slice(0, 3))
    await expectError({ reset: true }, 'vault is unsealed')
  })
})

describe('sys/seal', () => {
  it('needs sudo: 403 without it, 204 with it; the seal then holds everything back', async () => {
    const { core, call, keys } = await unsealedCore()
    const root = keys.root_token
    await core.policies.set('no-sudo', 'path "sys/seal" { capabilities = ["update"] }')
    await core.policies.set('sudo', 'path "sys/seal" { capabilities = ["update", "sudo"] }')
    const mint = async (policy: string) =>
      ((await call('POST', 'auth/token/create', { policies: [policy] }, root)).body['auth'] as { client_token: string }).client_token
    const plain = await mint('no-sudo')
    const sudo = await mint('sudo')

    expect((await call('PUT', 'sys/seal')).status).toBe(403)
    const denied = await call('PUT', 'sys/seal', undefined, plain)
    expect(denied.status).toBe(403)
    expect(denied.body['errors']).toEqual(['1 error occurred:\n\t* permission denied\n\n'])
    expect((await call('GET', 'sys/seal-status')).body['sealed']).toBe(false)

    const sealed = await call('PUT', 'sys/seal', undefined, sudo)
    expect([sealed.status, sealed.raw]).toEqual([204, undefined])
    expect((await call('GET', 'sys/seal-status')).body).toMatchObject({ sealed: true, initialized: true, t: 3, n: 5 })
    expect((await call('GET', 'auth/token/lookup-self', undefined, sudo)).status).toBe(503)
    expect((await call('PUT', 'sys/seal', undefined, root)).status).toBe(503)
  })

  it('keeps tokens and leases; expiries that fall due while sealed run after the unseal, not before', async () => {
    const { core, call, keys } = await unsealedCore()
    const root = keys.root_token
    mountLeaseEngine(core)
    const lease = (await call('GET', 'dyn/creds/app', undefined, root)).body['lease_id'] as string
    const shortToken = ((await call('POST', 'auth/token/create', { ttl: '30m' }, root)).body['auth'] as { client_token: string }).client_token
    const longToken = ((await call('POST', 'auth/token/create', { ttl: '10h' }, root)).body['auth'] as { client_token: string }).client_token

    expect((await call('PUT', 'sys/seal', undefined, root)).status).toBe(204)
    const whileSealed = await core.clock.advance('2h')
    expect(whileSealed.events).toEqual([])
    expect(revokedLeases(core)).toEqual([])

    await unseal(call, keys.keys.slice(1, 4))
    expect(revokedLeases(core)).toEqual([lease])
    expect((await call('PUT', 'sys/leases/lookup', { lease_id: lease }, root)).status).toBe(400)
    expect((await call('GET', 'auth/token/lookup-self', undefined, shortToken)).status).toBe(403)
    expect((await call('GET', 'auth/token/lookup-self', undefined, longToken)).status).toBe(200)
  })
})

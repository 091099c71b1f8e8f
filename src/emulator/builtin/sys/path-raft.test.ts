import { gunzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { Core } from '../../core/core.js'
import { readTar } from '../../core/snapshot/tar.js'
import { serveVaultApi } from '../../transport/http-adapter.js'
import { caller, unseal, unsealedCore } from '../../../../test/helpers/sealed-core.js'
import { mountLeaseEngine, revokedLeases } from '../../../../test/helpers/lease-engine.js'

const DIFFERENT_KEYS = 'could not verify hash file, possibly the snapshot is using a different set of unseal keys; use the snapshot-force API to bypass this check'

async function save(core: Core, token: string): Promise<Uint8Array> {
  const reply = await serveVaultApi(core, { method: 'GET', url: '/v1/sys/storage/raft/snapshot', headers: { 'x-vault-token': token }, body: undefined, remoteAddress: '127.0.0.1' })
  expect(reply.status).toBe(200)
  expect(reply.headers['content-type']).toBe('application/gzip')
  return reply.body as Uint8Array
}

async function restore(core: Core, token: string, body: Uint8Array, force = false): Promise<{ status: number; body: unknown }> {
  const path = force ? 'snapshot-force' : 'snapshot'
  const reply = await serveVaultApi(core, { method: 'POST', url: `/v1/sys/storage/raft/${path}`, headers: { 'x-vault-token': token }, body, remoteAddress: '127.0.0.1' })
  return { status: reply.status, body: typeof reply.body === 'string' ? JSON.parse(reply.body) : reply.body }
}

describe('sys/storage/raft', () => {
  it('reports one voter, the leader, for list-peers and autopilot', async () => {
    const call = caller(await Core.create({ log: () => undefined }))
    const config = (await call('GET', 'sys/storage/raft/configuration', undefined, 'root')).body['data'] as { config: { servers: unknown[]; index: number } }
    expect(config.config.servers).toEqual([{ node_id: 'node1', address: '127.0.0.1:8201', leader: true, protocol_version: '3', voter: true }])
    expect(typeof config.config.index).toBe('number')
    const state = (await call('GET', 'sys/storage/raft/autopilot/state', undefined, 'root')).body['data'] as Record<string, unknown>
    expect(state).toMatchObject({ healthy: true, failure_tolerance: 0, leader: 'node1', voters: ['node1'] })
    expect((state['servers'] as Record<string, unknown>)['node1']).toMatchObject({ id: 'node1', status: 'leader', node_status: 'alive', healthy: true, node_type: 'voter', last_contact: '0s' })
  })

  it('saves a gzip\'d tar with the four members, encrypted, and needs sudo', async () => {
    const { core, call, keys } = await unsealedCore()
    await call('POST', 'sys/mounts/kv', { type: 'kv' }, keys.root_token)
    await call('PUT', 'kv/app', { password: 'plain-text-marker' }, keys.root_token)
    const members = readTar(gunzipSync(await save(core, keys.root_token)))
    expect(members.map((m) => m.name)).toEqual(['meta.json', 'state.bin', 'SHA256SUMS', 'SHA256SUMS.sealed'])
    expect(members[3]?.data.length).toBeGreaterThan(0)
    expect(JSON.parse(Buffer.from(members[0]?.data ?? []).toString())).toMatchObject({ Version: 1, Term: 1 })
    const state = Buffer.from(members[1]?.data ?? [])
    expect(state.includes('plain-text-marker')).toBe(false)
    expect(JSON.parse(state.subarray(0, state.indexOf(0x0a)).toString())).toMatchObject({ format: 'vault-emu-state', seal: { secret_shares: 5, secret_threshold: 3 } })
    expect(JSON.parse(state.subarray(0, state.indexOf(0x0a)).toString())['dev_root_key']).toBeUndefined()

    await core.policies.set('reader', 'path "sys/storage/raft/snapshot" { capabilities = ["read"] }')
    const token = ((await call('POST', 'auth/token/create', { policies: ['reader'] }, keys.root_token)).body['auth'] as { client_token: string }).client_token
    expect((await call('GET', 'sys/storage/raft/snapshot', undefined, token)).status).toBe(403)
  })

  it('restores a snapshot of this cluster: data, tokens and leases as they were', async () => {
    const { core, call, keys } = await unsealedCore()
    const root = keys.root_token
    mountLeaseEngine(core)
    await call('POST', 'sys/mounts/kv', { type: 'kv' }, root)
    await call('PUT', 'kv/app', { v: 'one' }, root)
    const lease = (await call('GET', 'dyn/creds/app', undefined, root)).body['lease_id'] as string
    const snapshot = await save(core, root)

    await call('PUT', 'kv/app', { v: 'two' }, root)
    const later = ((await call('POST', 'auth/token/create', {}, root)).body['auth'] as { client_token: string }).client_token
    await call('PUT', 'sys/leases/revoke', { lease_id: lease }, root)
    expect(revokedLeases(core)).toEqual([lease])

    expect(await restore(core, root, snapshot)).toEqual({ status: 204, body: undefined })
    expect(((await call('GET', 'kv/app', undefined, root)).body['data'] as Record<string, unknown>)['v']).toBe('one')
    expect((await call('GET', 'auth/token/lookup-self', undefined, later)).status).toBe(403)
    expect((await call('PUT', 'sys/leases/lookup', { lease_id: lease }, root)).status).toBe(200)
    // The restored lease keeps its expiry and falls due on the clock.
    const report = await core.clock.advance('61m')
    expect(report.events).toContainEqual({ kind: 'expired', id: lease })
  })

  it('refuses a snapshot sealed with other unseal keys (400); snapshot-force takes it and seals', async () => {
    const ours = await unsealedCore()
    const theirs = await unsealedCore()
    await theirs.call('POST', 'sys/mounts/kv', { type: 'kv' }, theirs.keys.root_token)
    await theirs.call('PUT', 'kv/theirs', { owner: 'them' }, theirs.keys.root_token)
    const snapshot = await save(theirs.core, theirs.keys.root_token)
    const root = ours.keys.root_token

    expect(await restore(ours.core, root, snapshot)).toEqual({ status: 400, body: { errors: [DIFFERENT_KEYS] } })
    expect((await ours.call('GET', 'sys/seal-status')).body['sealed']).toBe(false)

    expect((await restore(ours.core, root, snapshot, true)).status).toBe(204)
    expect((await ours.call('GET', 'sys/seal-status')).body).toMatchObject({ sealed: true, initialized: true, t: 3, n: 5 })
    const wrong = await ours.call('PUT', 'sys/unseal', { key: ours.keys.keys[0] })
    expect(wrong.status).toBe(200)
    await ours.call('PUT', 'sys/unseal', { key: ours.keys.keys[1] })
    expect((await ours.call('PUT', 'sys/unseal', { key: ours.keys.keys[2] })).status).toBe(400)
    expect((await unseal(ours.call, theirs.keys.keys.slice(2, 5)))['sealed']).toBe(false)
    expect(((await ours.call('GET', 'kv/theirs', undefined, theirs.keys.root_token)).body['data'] as Record<string, unknown>)['owner']).toBe('them')
  })

  it('force-restores a dev snapshot into a dev core and unseals with its dev key', async () => {
    const a = await Core.create({ log: () => undefined })
    const b = await Core.create({ rootToken: 'other-root', log: () => undefined })
    await caller(a)('PUT', 'secret/data/from-a', { data: { x: 1 } }, 'root')
    const snapshot = await save(a, 'root')
    expect((await restore(b, 'other-root', snapshot)).status).toBe(400)
    expect((await restore(b, 'other-root', snapshot, true)).status).toBe(204)
    const call = caller(b)
    expect((await call('GET', 'sys/seal-status')).body['sealed']).toBe(false)
    expect((await call('GET', 'secret/data/from-a', undefined, 'root')).status).toBe(200)
  })

  it('answers a damaged or foreign body with a 500 and keeps the state', async () => {
    const { core, call, keys } = await unsealedCore()
    const snapshot = Buffer.from(await save(core, keys.root_token))
    const notGzip = await restore(core, keys.root_token, Buffer.from('{"hello":"world"}'))
    expect(notGzip.status).toBe(500)
    const truncated = await restore(core, keys.root_token, snapshot.subarray(0, snapshot.length / 2))
    expect(truncated.status).toBe(500)
    expect((await call('GET', 'sys/mounts', undefined, keys.root_token)).status).toBe(200)
  })
})

/**
 * The seal ceremony (lesson Part 3) and raft snapshots (Part 10) over real
 * HTTP: node-vault's init/unseal/status/health helpers, and the snapshot
 * endpoints with binary bodies as `vault operator raft snapshot save/restore` send them.
 */
import { gunzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import nodeVault from 'node-vault'
import { startVaultEmulator } from 'vault-emu'
import type { VaultEmulator } from 'vault-emu'

interface ApiError {
  response: { statusCode: number; body: { errors: string[] } }
}

async function failure(promise: Promise<unknown>): Promise<ApiError['response']> {
  try {
    await promise
  } catch (err) {
    return (err as ApiError).response
  }
  throw new Error('expected the call to fail')
}

/** Member names of a ustar archive (enough to check a snapshot from the outside). */
function tarNames(tar: Buffer): string[] {
  const names: string[] = []
  for (let offset = 0; offset + 512 <= tar.length;) {
    const header = tar.subarray(offset, offset + 512)
    if (header.every((b) => b === 0)) break
    names.push(header.subarray(0, 100).toString('utf8').replace(/\0.*$/s, ''))
    const size = Number.parseInt(header.subarray(124, 136).toString('ascii').replace(/\0.*$/s, ''), 8)
    offset += 512 + Math.ceil(size / 512) * 512
  }
  return names
}

let vault: VaultEmulator
let client: nodeVault.client
let keys: string[]
let rootToken: string

beforeAll(async () => {
  vault = await startVaultEmulator({ port: 0, seal: 'shamir' })
  client = nodeVault({ endpoint: vault.addr })
})

afterAll(async () => {
  await vault.stop()
})

describe('the seal ceremony through node-vault', () => {
  it('initialises with 5 shares, threshold 3, and stays sealed', async () => {
    expect(await client.initialized()).toEqual({ initialized: false })
    // node-vault hands back the health body whatever the status; the status itself is checked with fetch.
    expect(await client.health()).toMatchObject({ initialized: false, sealed: true })
    expect((await fetch(`${vault.addr}/v1/sys/health`)).status).toBe(501)
    const result = (await client.init({ secret_shares: 5, secret_threshold: 3 })) as { keys: string[]; keys_base64: string[]; root_token: string }
    keys = result.keys_base64
    rootToken = result.root_token
    expect(result.keys).toHaveLength(5)
    expect(await client.status()).toMatchObject({ initialized: true, sealed: true, t: 3, n: 5, progress: 0 })
    expect((await fetch(`${vault.addr}/v1/sys/health`)).status).toBe(503)
    expect((await fetch(`${vault.addr}/v1/sys/health?sealedcode=200&uninitcode=200`)).status).toBe(200)
    expect(await client.health({ sealedcode: 200 })).toMatchObject({ initialized: true, sealed: true })
  })

  it('answers 503 to everything else while sealed', async () => {
    client.token = rootToken
    const sealed = await failure(client.read('sys/mounts'))
    expect([sealed.statusCode, sealed.body]).toEqual([503, { errors: ['Vault is sealed'] }])
  })

  it('unseals with three of the five keys', async () => {
    expect(await client.unseal({ key: keys[0] })).toMatchObject({ sealed: true, progress: 1 })
    expect(await client.unseal({ key: keys[3] })).toMatchObject({ sealed: true, progress: 2 })
    expect(await client.unseal({ key: keys[4] })).toMatchObject({ sealed: false, progress: 0 })
    expect(await client.health()).toMatchObject({ initialized: true, sealed: false, standby: false })
    expect((await fetch(`${vault.addr}/v1/sys/health`)).status).toBe(200)
    await client.mount({ mount_point: 'kv', type: 'kv' })
    await client.write('kv/db', { password: 'before-snapshot' })
    expect((await client.read('kv/db')).data).toEqual({ password: 'before-snapshot' })
  })

  it('seals again with the root token, and unseals', async () => {
    await client.seal()
    expect(await client.status()).toMatchObject({ sealed: true })
    for (const key of keys.slice(1, 4)) await client.unseal({ key })
    expect((await client.read('kv/db')).data).toEqual({ password: 'before-snapshot' })
  })
})

describe('raft snapshots over HTTP', () => {
  it('saves a gzip\'d tar the CLI accepts, and restores it from a raw body without a content type', async () => {
    const saved = await fetch(`${vault.addr}/v1/sys/storage/raft/snapshot`, { headers: { 'X-Vault-Token': rootToken } })
    expect(saved.status).toBe(200)
    expect(saved.headers.get('content-type')).toBe('application/gzip')
    const snapshot = Buffer.from(await saved.arrayBuffer())
    expect(tarNames(gunzipSync(snapshot))).toEqual(['meta.json', 'state.bin', 'SHA256SUMS', 'SHA256SUMS.sealed'])

    await client.write('kv/db', { password: 'after-snapshot' })
    const restored = await fetch(`${vault.addr}/v1/sys/storage/raft/snapshot`, { method: 'POST', headers: { 'X-Vault-Token': rootToken }, body: snapshot })
    expect(restored.status).toBe(204)
    expect((await client.read('kv/db')).data).toEqual({ password: 'before-snapshot' })

    // The Go client streams the file: chunked, no length, no content type.
    await client.write('kv/db', { password: 'after-snapshot' })
    const stream = new ReadableStream({
      start(controller) {
        controller.enqueue(snapshot.subarray(0, 100))
        controller.enqueue(snapshot.subarray(100))
        controller.close()
      },
    })
    const streamed = await fetch(`${vault.addr}/v1/sys/storage/raft/snapshot-force`, { method: 'POST', headers: { 'X-Vault-Token': rootToken }, body: stream, duplex: 'half' } as RequestInit)
    expect(streamed.status).toBe(204)
    expect((await client.read('kv/db')).data).toEqual({ password: 'before-snapshot' })
  })

  it('refuses a snapshot of another cluster with Vault\'s 400', async () => {
    const other = await startVaultEmulator({ port: 0 })
    try {
      const theirs = Buffer.from(await (await fetch(`${other.addr}/v1/sys/storage/raft/snapshot`, { headers: { 'X-Vault-Token': other.rootToken } })).arrayBuffer())
      const reply = await fetch(`${vault.addr}/v1/sys/storage/raft/snapshot`, { method: 'POST', headers: { 'X-Vault-Token': rootToken, 'Content-Type': 'application/octet-stream' }, body: theirs })
      expect(reply.status).toBe(400)
      expect(await reply.json()).toEqual({ errors: ['could not verify hash file, possibly the snapshot is using a different set of unseal keys; use the snapshot-force API to bypass this check'] })
    } finally {
      await other.stop()
    }
  })

  it('lists the one peer', async () => {
    const peers = (await client.read('sys/storage/raft/configuration')) as { data: { config: { servers: Array<Record<string, unknown>> } } }
    expect(peers.data.config.servers).toEqual([{ node_id: 'node1', address: expect.stringMatching(/^127\.0\.0\.1:\d+$/), leader: true, protocol_version: '3', voter: true }])
  })
})

import { beforeEach, describe, expect, it } from 'vitest'
import { Core } from '../../../core/core.js'
import { callVault } from '../../../transport/in-process.js'

let core: Core
const call = (method: string, path: string, data?: unknown, token = 'root') => callVault(core, method, path, { token, data })
const DENIED = { status: 403, json: { errors: ['1 error occurred:\n\t* permission denied\n\n'] } }

async function tokenWith(policy: string): Promise<string> {
  await core.policies.set('p', policy)
  return core.tokens.create({ policies: ['p'], path: 'auth/token/create', displayName: 'token', ttl: 3600, mountMaxTtl: 2764800 }).id
}

beforeEach(async () => {
  core = await Core.create()
  core.enableMount({ path: 'kv1/', type: 'kv', class: 'secret', options: { version: '1' } })
})

describe('KV v1', () => {
  it('reads back exactly what was written, with the mount default TTL', async () => {
    expect((await call('POST', 'kv1/app/config', { user: 'u', n: 3, nested: { a: [true] } })).status).toBe(204)
    const res = await call('GET', 'kv1/app/config')
    expect(res.status).toBe(200)
    expect(res.json).toMatchObject({
      lease_id: '',
      renewable: false,
      lease_duration: 2764800,
      data: { user: 'u', n: 3, nested: { a: [true] } },
      mount_type: 'kv',
    })
  })

  it('a ttl (or lease) field in the entry sets lease_duration', async () => {
    await call('PUT', 'kv1/a', { v: 1, ttl: '1h' })
    expect((await call('GET', 'kv1/a')).json).toMatchObject({ lease_duration: 3600, data: { v: 1, ttl: '1h' } })
    await call('PUT', 'kv1/b', { v: 1, lease: 90 })
    expect((await call('GET', 'kv1/b')).json).toMatchObject({ lease_duration: 90 })
    await call('PUT', 'kv1/c', { v: 1, ttl: 'soon' })
    expect((await call('GET', 'kv1/c')).json).toMatchObject({ lease_duration: 2764800 })
  })

  it('follows a tuned default lease TTL', async () => {
    core.enableMount({ path: 'kv-tuned/', type: 'kv', class: 'secret', options: null, config: { default_lease_ttl: 600 } })
    await call('PUT', 'kv-tuned/a', { v: 1 })
    expect((await call('GET', 'kv-tuned/a')).json).toMatchObject({ lease_duration: 600 })
  })

  it('a write replaces the whole entry; a field named path is data too', async () => {
    await call('PUT', 'kv1/a', { x: 1, y: 2 })
    await call('PUT', 'kv1/a', { path: 'p' })
    expect((await call('GET', 'kv1/a')).json).toMatchObject({ data: { path: 'p' } })
  })

  it('an empty write is refused', async () => {
    expect(await call('PUT', 'kv1/a', {})).toMatchObject({ status: 400, json: { errors: ['missing data fields'] } })
    expect(await call('PUT', 'kv1/a')).toMatchObject({ status: 400, json: { errors: ['missing data fields'] } })
  })

  it('a missing key is a bare 404; delete is a 204 even when absent', async () => {
    expect(await call('GET', 'kv1/none')).toMatchObject({ status: 404, json: { errors: [] } })
    expect((await call('DELETE', 'kv1/none')).status).toBe(204)
    await call('PUT', 'kv1/a', { v: 1 })
    expect((await call('DELETE', 'kv1/a')).status).toBe(204)
    expect((await call('GET', 'kv1/a')).status).toBe(404)
  })

  it('lists immediate children, folders with a slash; empty is a 404', async () => {
    for (const key of ['a', 'dir/b', 'dir/sub/c']) await call('PUT', `kv1/${key}`, { v: 1 })
    expect((await call('LIST', 'kv1')).json).toMatchObject({ data: { keys: ['a', 'dir/'] } })
    expect((await call('GET', 'kv1/dir?list=true')).json).toMatchObject({ data: { keys: ['b', 'sub/'] } })
    expect(await call('LIST', 'kv1/nothing')).toMatchObject({ status: 404, json: { errors: [] } })
  })

  it('a mount without options is version 1', async () => {
    core.enableMount({ path: 'plain/', type: 'kv', class: 'secret', options: null })
    await call('PUT', 'plain/a', { v: 1 })
    expect((await call('GET', 'plain/a')).json).toMatchObject({ data: { v: 1 } })
  })
})

describe('KV v1 ACL', () => {
  it('a new key needs create, an existing one update', async () => {
    const creator = await tokenWith('path "kv1/*" { capabilities = ["create", "read"] }')
    expect((await call('PUT', 'kv1/new', { v: 1 }, creator)).status).toBe(204)
    expect(await call('PUT', 'kv1/new', { v: 2 }, creator)).toMatchObject(DENIED)

    const updater = await tokenWith('path "kv1/*" { capabilities = ["update"] }')
    expect(await call('PUT', 'kv1/other', { v: 1 }, updater)).toMatchObject(DENIED)
    expect((await call('PUT', 'kv1/new', { v: 3 }, updater)).status).toBe(204)
    expect((await call('GET', 'kv1/new')).json).toMatchObject({ data: { v: 3 } })
  })
})

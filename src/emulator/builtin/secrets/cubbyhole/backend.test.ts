import { beforeEach, describe, expect, it } from 'vitest'
import { Core } from '../../../core/core.js'
import { callVault } from '../../../transport/in-process.js'

let core: Core
let alice: string
let bob: string
const call = (method: string, path: string, token: string, data?: unknown) => callVault(core, method, path, { token, data })

function newToken(): string {
  return core.tokens.create({ policies: ['default'], path: 'auth/token/create', displayName: 'token', ttl: 3600, mountMaxTtl: 2764800 }).id
}

beforeEach(async () => {
  core = await Core.create()
  alice = newToken()
  bob = newToken()
})

describe('cubbyhole', () => {
  it('reads back what was written, lease_duration 0', async () => {
    expect((await call('POST', 'cubbyhole/note', alice, { text: 'hi', n: 1 })).status).toBe(204)
    const res = await call('GET', 'cubbyhole/note', alice)
    expect(res.status).toBe(200)
    expect(res.json).toMatchObject({ lease_id: '', renewable: false, lease_duration: 0, data: { text: 'hi', n: 1 }, mount_type: 'cubbyhole' })
  })

  it('an empty write is a 500 in multierror form', async () => {
    const expected = { status: 500, json: { errors: ['1 error occurred:\n\t* missing data fields\n\n'] } }
    expect(await call('POST', 'cubbyhole/note', alice, {})).toMatchObject(expected)
    expect(await call('PUT', 'cubbyhole/note', alice)).toMatchObject(expected)
  })

  it('a missing key is a bare 404; delete is a 204', async () => {
    expect(await call('GET', 'cubbyhole/none', alice)).toMatchObject({ status: 404, json: { errors: [] } })
    await call('POST', 'cubbyhole/note', alice, { a: 1 })
    expect((await call('DELETE', 'cubbyhole/note', alice)).status).toBe(204)
    expect((await call('GET', 'cubbyhole/note', alice)).status).toBe(404)
    expect((await call('DELETE', 'cubbyhole/note', alice)).status).toBe(204)
  })

  it('lists immediate children; empty is a 404', async () => {
    for (const key of ['a', 'dir/b', 'dir/c/d']) await call('POST', `cubbyhole/${key}`, alice, { v: 1 })
    expect((await call('LIST', 'cubbyhole', alice)).json).toMatchObject({ data: { keys: ['a', 'dir/'] } })
    expect((await call('GET', 'cubbyhole/dir?list=true', alice)).json).toMatchObject({ data: { keys: ['b', 'c/'] } })
    expect(await call('LIST', 'cubbyhole', bob)).toMatchObject({ status: 404, json: { errors: [] } })
  })

  it('two tokens never see each other’s data', async () => {
    await call('POST', 'cubbyhole/shared-name', alice, { owner: 'alice' })
    await call('POST', 'cubbyhole/shared-name', bob, { owner: 'bob' })
    expect((await call('GET', 'cubbyhole/shared-name', alice)).json).toMatchObject({ data: { owner: 'alice' } })
    expect((await call('GET', 'cubbyhole/shared-name', bob)).json).toMatchObject({ data: { owner: 'bob' } })
    await call('DELETE', 'cubbyhole/shared-name', bob)
    expect((await call('GET', 'cubbyhole/shared-name', alice)).status).toBe(200)
    expect((await call('GET', 'cubbyhole/shared-name', 'root')).status).toBe(404)
  })

  it('revoking a token destroys its cubbyhole', async () => {
    await call('POST', 'cubbyhole/a', alice, { v: 1 })
    await call('POST', 'cubbyhole/b', bob, { v: 1 })
    const mount = core.mounts.get('cubbyhole/')?.entry
    const cubbyholeId = core.tokens.lookup(alice)?.cubbyhole_id
    if (!mount || !cubbyholeId) throw new Error('setup failed')
    const prefix = `${core.mountStoragePrefix(mount)}${cubbyholeId}/`
    expect(core.storage.keys(prefix)).toEqual(['a'])
    await core.tokens.revokeTree(alice)
    expect(core.storage.keys(prefix)).toEqual([])
    expect(await call('GET', 'cubbyhole/a', alice)).toMatchObject({ status: 403, json: { errors: ['permission denied'] } })
    expect((await call('GET', 'cubbyhole/b', bob)).status).toBe(200)
  })

  it('needs a token', async () => {
    expect(await call('GET', 'cubbyhole/a', '')).toMatchObject({ status: 403, json: { errors: ['permission denied'] } })
  })

  it('is denied by policies that do not grant it', async () => {
    await core.policies.set('none', 'path "secret/*" { capabilities = ["read"] }')
    const token = core.tokens.create({ policies: ['none'], path: 'auth/token/create', displayName: 'token', ttl: 3600, mountMaxTtl: 2764800 }).id
    expect(await call('GET', 'cubbyhole/a', token)).toMatchObject({ status: 403, json: { errors: ['1 error occurred:\n\t* permission denied\n\n'] } })
  })
})

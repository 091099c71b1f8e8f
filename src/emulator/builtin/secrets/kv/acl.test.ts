import { beforeEach, describe, expect, it } from 'vitest'
import { Core } from '../../../core/core.js'
import { callVault } from '../../../transport/in-process.js'

let core: Core
const call = (method: string, path: string, data?: unknown, token = 'root') => callVault(core, method, path, { token, data })
const DENIED = { status: 403, json: { errors: ['1 error occurred:\n\t* permission denied\n\n'] } }

async function tokenWith(name: string, policy: string): Promise<string> {
  await core.policies.set(name, policy)
  return core.tokens.create({ policies: [name], path: 'auth/token/create', displayName: 'token', ttl: 3600, mountMaxTtl: 2764800 }).id
}

beforeEach(async () => {
  core = await Core.create()
  await call('POST', 'secret/data/myapp/x', { data: { k: 'v' } })
})

describe('KV v2 ACL', () => {
  it('policies must name secret/data/..., not secret/...', async () => {
    const right = await tokenWith('p', 'path "secret/data/myapp/*" { capabilities = ["read"] }')
    expect((await call('GET', 'secret/data/myapp/x', undefined, right)).json).toMatchObject({ data: { data: { k: 'v' } } })
    const wrong = await tokenWith('q', 'path "secret/myapp/*" { capabilities = ["read"] }')
    expect(await call('GET', 'secret/data/myapp/x', undefined, wrong)).toMatchObject(DENIED)
  })

  it('a read grant does not reach metadata, writes or other keys', async () => {
    const reader = await tokenWith('p', 'path "secret/data/myapp/*" { capabilities = ["read"] }')
    expect(await call('GET', 'secret/metadata/myapp/x', undefined, reader)).toMatchObject(DENIED)
    expect(await call('LIST', 'secret/metadata/myapp', undefined, reader)).toMatchObject(DENIED)
    expect(await call('POST', 'secret/data/myapp/x', { data: { k: 'w' } }, reader)).toMatchObject(DENIED)
    expect(await call('GET', 'secret/data/other', undefined, reader)).toMatchObject(DENIED)
  })

  it('writing a new key needs create, an existing key update', async () => {
    const creator = await tokenWith('p', 'path "secret/data/*" { capabilities = ["create"] }')
    expect((await call('POST', 'secret/data/fresh', { data: { a: 1 } }, creator)).status).toBe(200)
    expect(await call('POST', 'secret/data/fresh', { data: { a: 2 } }, creator)).toMatchObject(DENIED)
    const updater = await tokenWith('q', 'path "secret/data/*" { capabilities = ["update"] }')
    expect(await call('POST', 'secret/data/brand-new', { data: { a: 1 } }, updater)).toMatchObject(DENIED)
    expect((await call('POST', 'secret/data/fresh', { data: { a: 2 } }, updater)).status).toBe(200)
  })

  it('metadata writes follow the same existence rule', async () => {
    const updater = await tokenWith('p', 'path "secret/metadata/*" { capabilities = ["update"] }')
    expect(await call('POST', 'secret/metadata/unknown', { max_versions: 2 }, updater)).toMatchObject(DENIED)
    expect((await call('POST', 'secret/metadata/myapp/x', { max_versions: 2 }, updater)).status).toBe(204)
  })

  it('patch needs the patch capability', async () => {
    const updater = await tokenWith('p', 'path "secret/data/*" { capabilities = ["update", "read"] }')
    expect(await call('PATCH', 'secret/data/myapp/x', { data: { k: 'p' } }, updater)).toMatchObject(DENIED)
    const patcher = await tokenWith('q', 'path "secret/data/*" { capabilities = ["patch"] }')
    expect((await call('PATCH', 'secret/data/myapp/x', { data: { k: 'p' } }, patcher)).status).toBe(200)
  })

  it('delete/, undelete/ and destroy/ need update on their own prefixes', async () => {
    const token = await tokenWith('p', 'path "secret/data/*" { capabilities = ["delete", "update"] }\npath "secret/undelete/*" { capabilities = ["update"] }')
    expect(await call('POST', 'secret/delete/myapp/x', { versions: [1] }, token)).toMatchObject(DENIED)
    expect(await call('POST', 'secret/destroy/myapp/x', { versions: [1] }, token)).toMatchObject(DENIED)
    expect((await call('DELETE', 'secret/data/myapp/x', undefined, token)).status).toBe(204)
    expect((await call('POST', 'secret/undelete/myapp/x', { versions: [1] }, token)).status).toBe(204)
    expect((await call('GET', 'secret/data/myapp/x')).status).toBe(200)
  })

  it('listing needs list on secret/metadata/...', async () => {
    const lister = await tokenWith('p', 'path "secret/metadata/myapp/*" { capabilities = ["list"] }')
    expect((await call('LIST', 'secret/metadata/myapp/', undefined, lister)).json).toMatchObject({ data: { keys: ['x'] } })
  })

  it('a request without a valid token gets the plain 403', async () => {
    expect(await call('GET', 'secret/data/myapp/x', undefined, 'nope')).toMatchObject({ status: 403, json: { errors: ['permission denied'] } })
  })
})

import { beforeEach, describe, expect, it } from 'vitest'
import { Core } from '../../../core/core.js'
import { callVault } from '../../../transport/in-process.js'

const START = '2030-01-01T00:00:00Z'
let core: Core
const call = (method: string, path: string, data?: unknown) => callVault(core, method, path, { token: 'root', data })
const body = (reply: { json: unknown }) => reply.json as { data: Record<string, unknown>; warnings: string[] | null; lease_duration: number }

beforeEach(async () => {
  core = await Core.create({ clock: { mode: 'frozen', start: START } })
})

const versionMeta = (version: number, extra: Record<string, unknown> = {}) => ({
  created_time: START,
  custom_metadata: null,
  deletion_time: '',
  destroyed: false,
  version,
  ...extra,
})

describe('KV v2 data/ write', () => {
  it('creates version 1 and answers with its metadata, keys in Go order', async () => {
    const res = await call('POST', 'secret/data/app', { data: { user: 'u', pass: 'p' } })
    expect(res.status).toBe(200)
    expect(body(res).data).toEqual(versionMeta(1))
    expect(Object.keys(body(res).data)).toEqual(['created_time', 'custom_metadata', 'deletion_time', 'destroyed', 'version'])
    expect(body(res).lease_duration).toBe(0)
  })

  it('numbers versions upwards', async () => {
    await call('POST', 'secret/data/app', { data: { v: 1 } })
    await core.clock.advance('1m')
    const res = await call('PUT', 'secret/data/app', { data: { v: 2 } })
    expect(body(res).data).toEqual(versionMeta(2, { created_time: '2030-01-01T00:01:00Z' }))
  })

  it('refuses a body without data', async () => {
    const res = await call('POST', 'secret/data/app', { options: {} })
    expect(res).toMatchObject({ status: 400, json: { errors: ['no data provided'] } })
  })

  it('refuses data that is not an object', async () => {
    const res = await call('POST', 'secret/data/app', { data: 'text' })
    expect(res.status).toBe(400)
    expect((res.json as { errors: string[] }).errors[0]).toMatch(/^Field validation failed: error converting input for field "data"/)
  })

  it('accepts an empty data object as a version', async () => {
    await call('POST', 'secret/data/empty', { data: {} })
    expect(body(await call('GET', 'secret/data/empty')).data['data']).toEqual({})
  })

  it('warns about unknown top-level fields', async () => {
    const res = await call('POST', 'secret/data/app', { data: { a: 1 }, extra: true })
    expect(body(res).warnings).toEqual(['Endpoint ignored these unrecognized parameters: [extra]'])
  })
})

describe('KV v2 data/ read', () => {
  it('returns the current version with its metadata', async () => {
    await call('POST', 'secret/data/app', { data: { v: 1 } })
    await call('POST', 'secret/data/app', { data: { v: 2, nested: { a: [1, 2] } } })
    const res = await call('GET', 'secret/data/app')
    expect(res.status).toBe(200)
    expect(body(res).data).toEqual({ data: { v: 2, nested: { a: [1, 2] } }, metadata: versionMeta(2) })
    expect(body(res).lease_duration).toBe(0)
  })

  it('returns an older version with ?version=', async () => {
    await call('POST', 'secret/data/app', { data: { v: 1 } })
    await call('POST', 'secret/data/app', { data: { v: 2 } })
    expect(body(await call('GET', 'secret/data/app?version=1')).data).toEqual({ data: { v: 1 }, metadata: versionMeta(1) })
    expect(body(await call('GET', 'secret/data/app', { version: '0' })).data['metadata']).toMatchObject({ version: 2 })
  })

  it('answers a bare 404 for a missing key or version', async () => {
    expect(await call('GET', 'secret/data/nothing')).toMatchObject({ status: 404, json: { errors: [] } })
    await call('POST', 'secret/data/app', { data: { v: 1 } })
    expect(await call('GET', 'secret/data/app?version=7')).toMatchObject({ status: 404, json: { errors: [] } })
  })

  it('answers a 404 with the full envelope for a soft-deleted version', async () => {
    await call('POST', 'secret/data/app', { data: { v: 1 } })
    expect((await call('DELETE', 'secret/data/app')).status).toBe(204)
    const res = await call('GET', 'secret/data/app')
    expect(res.status).toBe(404)
    expect(res.json).toMatchObject({
      lease_id: '',
      renewable: false,
      lease_duration: 0,
      data: { data: null, metadata: versionMeta(1, { deletion_time: START }) },
      warnings: null,
      mount_type: 'kv',
    })
  })

  it('answers a 404 with destroyed: true for a destroyed version', async () => {
    await call('POST', 'secret/data/app', { data: { v: 1 } })
    await call('POST', 'secret/destroy/app', { versions: [1] })
    const res = await call('GET', 'secret/data/app')
    expect(res.status).toBe(404)
    expect(body(res).data).toEqual({ data: null, metadata: versionMeta(1, { destroyed: true }) })
  })

  it('shows custom_metadata from the key metadata', async () => {
    await call('POST', 'secret/metadata/app', { custom_metadata: { owner: 'team-a' } })
    const written = await call('POST', 'secret/data/app', { data: { v: 1 } })
    expect(body(written).data['custom_metadata']).toEqual({ owner: 'team-a' })
    expect(body(await call('GET', 'secret/data/app')).data['metadata']).toMatchObject({ custom_metadata: { owner: 'team-a' } })
  })

  it('rejects a non-numeric version', async () => {
    const res = await call('GET', 'secret/data/app?version=abc')
    expect(res.status).toBe(400)
    expect((res.json as { errors: string[] }).errors[0]).toMatch(/^Field validation failed: error converting input for field "version"/)
  })
})

describe('KV v2 check-and-set', () => {
  it('cas 0 writes only a new key', async () => {
    expect((await call('POST', 'secret/data/c', { data: { a: 1 }, options: { cas: 0 } })).status).toBe(200)
    const again = await call('POST', 'secret/data/c', { data: { a: 2 }, options: { cas: 0 } })
    expect(again).toMatchObject({ status: 400, json: { errors: ['check-and-set parameter did not match the current version'] } })
  })

  it('cas must equal the current version; numeric strings count', async () => {
    await call('POST', 'secret/data/c', { data: { a: 1 } })
    expect((await call('POST', 'secret/data/c', { data: { a: 2 }, options: { cas: 2 } })).status).toBe(400)
    expect(body(await call('POST', 'secret/data/c', { data: { a: 2 }, options: { cas: '1' } })).data['version']).toBe(2)
  })

  it('a cas that is not an integer is refused', async () => {
    const res = await call('POST', 'secret/data/c', { data: { a: 1 }, options: { cas: 'one' } })
    expect(res).toMatchObject({ status: 400, json: { errors: ['error parsing check-and-set parameter'] } })
    const frac = await call('POST', 'secret/data/c', { data: { a: 1 }, options: { cas: 1.5 } })
    expect(frac).toMatchObject({ status: 400, json: { errors: ['error parsing check-and-set parameter'] } })
  })

  it('cas_required on the mount config demands options.cas', async () => {
    await call('POST', 'secret/config', { cas_required: true })
    const res = await call('POST', 'secret/data/c', { data: { a: 1 } })
    expect(res).toMatchObject({ status: 400, json: { errors: ['check-and-set parameter required for this call'] } })
    expect((await call('POST', 'secret/data/c', { data: { a: 1 }, options: { cas: 0 } })).status).toBe(200)
  })

  it('cas_required on the key metadata demands options.cas', async () => {
    await call('POST', 'secret/metadata/c', { cas_required: true })
    const res = await call('POST', 'secret/data/c', { data: { a: 1 } })
    expect(res).toMatchObject({ status: 400, json: { errors: ['check-and-set parameter required for this call'] } })
    expect(body(await call('POST', 'secret/data/c', { data: { a: 1 }, options: { cas: 0 } })).data['version']).toBe(1)
    expect((await call('POST', 'secret/data/other', { data: { a: 1 } })).status).toBe(200)
  })
})

describe('KV v2 max_versions', () => {
  it('keeps 10 versions by default and advances oldest_version', async () => {
    for (let i = 1; i <= 12; i++) await call('POST', 'secret/data/m', { data: { i } })
    const meta = body(await call('GET', 'secret/metadata/m')).data
    expect(meta['current_version']).toBe(12)
    expect(meta['oldest_version']).toBe(3)
    expect(Object.keys(meta['versions'] as object).map(Number).sort((a, b) => a - b)).toEqual([3, 4, 5, 6, 7, 8, 9, 10, 11, 12])
    expect(await call('GET', 'secret/data/m?version=2')).toMatchObject({ status: 404, json: { errors: [] } })
    expect(body(await call('GET', 'secret/data/m?version=3')).data['data']).toEqual({ i: 3 })
  })

  it('prunes to the key max_versions', async () => {
    await call('POST', 'secret/metadata/m', { max_versions: 2 })
    await call('POST', 'secret/data/m', { data: { i: 1 } })
    let meta = body(await call('GET', 'secret/metadata/m')).data
    expect(meta['oldest_version']).toBe(0)
    await call('POST', 'secret/data/m', { data: { i: 2 } })
    await call('POST', 'secret/data/m', { data: { i: 3 } })
    meta = body(await call('GET', 'secret/metadata/m')).data
    expect(meta['oldest_version']).toBe(2)
    expect(Object.keys(meta['versions'] as object)).toEqual(['2', '3'])
    expect((await call('GET', 'secret/data/m?version=1')).status).toBe(404)
  })

  it('prunes to the mount max_versions, and a lowered limit prunes several at once', async () => {
    for (let i = 1; i <= 5; i++) await call('POST', 'secret/data/m', { data: { i } })
    await call('POST', 'secret/config', { max_versions: 2 })
    await call('POST', 'secret/data/m', { data: { i: 6 } })
    const meta = body(await call('GET', 'secret/metadata/m')).data
    expect(Object.keys(meta['versions'] as object)).toEqual(['5', '6'])
    expect(meta['oldest_version']).toBe(5)
  })
})

describe('KV v2 delete_version_after', () => {
  it('gives new versions a future deletion_time; reads fail once it passes', async () => {
    await call('POST', 'secret/metadata/t', { delete_version_after: '1h' })
    const written = await call('POST', 'secret/data/t', { data: { a: 1 } })
    expect(body(written).data['deletion_time']).toBe('2030-01-01T01:00:00Z')
    expect(body(await call('GET', 'secret/data/t')).data['data']).toEqual({ a: 1 })

    await core.clock.advance('2h')
    const res = await call('GET', 'secret/data/t')
    expect(res.status).toBe(404)
    expect(body(res).data).toEqual({ data: null, metadata: versionMeta(1, { deletion_time: '2030-01-01T01:00:00Z' }) })
  })

  it('takes the smaller non-zero of mount and key settings', async () => {
    await call('POST', 'secret/config', { delete_version_after: '30m' })
    await call('POST', 'secret/metadata/t', { delete_version_after: '2h' })
    expect(body(await call('POST', 'secret/data/t', { data: { a: 1 } })).data['deletion_time']).toBe('2030-01-01T00:30:00Z')
    expect(body(await call('POST', 'secret/data/u', { data: { a: 1 } })).data['deletion_time']).toBe('2030-01-01T00:30:00Z')
  })

  it('a negative mount setting disables it for every key', async () => {
    await call('POST', 'secret/config', { delete_version_after: '-1s' })
    await call('POST', 'secret/metadata/t', { delete_version_after: '1h' })
    expect(body(await call('POST', 'secret/data/t', { data: { a: 1 } })).data['deletion_time']).toBe('')
  })
})

describe('KV v2 data/ patch', () => {
  const patch = (path: string, data: unknown) => call('PATCH', path, data)

  it('merge-patches the current version into a new one', async () => {
    await call('POST', 'secret/data/p', { data: { a: 1, b: { c: 2, d: 3 }, gone: 'x' } })
    const res = await patch('secret/data/p', { data: { a: 10, b: { d: null, e: 4 }, gone: null } })
    expect(res.status).toBe(200)
    expect(body(res).data).toEqual(versionMeta(2))
    expect(body(await call('GET', 'secret/data/p')).data['data']).toEqual({ a: 10, b: { c: 2, e: 4 } })
  })

  it('honours cas', async () => {
    await call('POST', 'secret/data/p', { data: { a: 1 } })
    const bad = await patch('secret/data/p', { data: { a: 2 }, options: { cas: 0 } })
    expect(bad).toMatchObject({ status: 400, json: { errors: ['check-and-set parameter did not match the current version'] } })
    expect((await patch('secret/data/p', { data: { a: 2 }, options: { cas: 1 } })).status).toBe(200)
    await call('POST', 'secret/config', { cas_required: true })
    const missing = await patch('secret/data/p', { data: { a: 3 } })
    expect(missing).toMatchObject({ status: 400, json: { errors: ['check-and-set parameter required for this call'] } })
  })

  it('needs data, and a live key', async () => {
    expect(await patch('secret/data/p', { options: {} })).toMatchObject({ status: 400, json: { errors: ['no data provided'] } })
    expect(await patch('secret/data/p', { data: { a: 1 } })).toMatchObject({ status: 404, json: { errors: [] } })
    await call('POST', 'secret/data/p', { data: { a: 1 } })
    await call('DELETE', 'secret/data/p')
    const res = await patch('secret/data/p', { data: { a: 2 } })
    expect(res.status).toBe(404)
    expect(body(res).data).toEqual(versionMeta(1, { deletion_time: START }))
  })

  it('requires the merge-patch content type', async () => {
    const res = await callVault(core, 'PATCH', 'secret/data/p', { token: 'root', data: { data: { a: 1 } }, headers: { 'content-type': 'application/json' } })
    expect(res).toMatchObject({ status: 415, json: { errors: ['PATCH requires Content-Type of application/merge-patch+json, provided application/json'] } })
  })
})

describe('KV v2 data/ delete', () => {
  it('soft-deletes only the latest version', async () => {
    await call('POST', 'secret/data/d', { data: { v: 1 } })
    await call('POST', 'secret/data/d', { data: { v: 2 } })
    expect((await call('DELETE', 'secret/data/d')).status).toBe(204)
    expect((await call('GET', 'secret/data/d')).status).toBe(404)
    expect(body(await call('GET', 'secret/data/d?version=1')).data['data']).toEqual({ v: 1 })
  })

  it('is a 204 no-op for a missing key or a deleted latest version', async () => {
    expect((await call('DELETE', 'secret/data/none')).status).toBe(204)
    await call('POST', 'secret/data/d', { data: { v: 1 } })
    await call('DELETE', 'secret/data/d')
    await core.clock.advance('1h')
    expect((await call('DELETE', 'secret/data/d')).status).toBe(204)
    const meta = body(await call('GET', 'secret/metadata/d')).data
    expect(meta['versions']).toEqual({ '1': { created_time: START, deletion_time: START, destroyed: false } })
  })

  it('a new write after a delete is readable', async () => {
    await call('POST', 'secret/data/d', { data: { v: 1 } })
    await call('DELETE', 'secret/data/d')
    await call('POST', 'secret/data/d', { data: { v: 2 } })
    expect(body(await call('GET', 'secret/data/d')).data['data']).toEqual({ v: 2 })
  })
})

import { beforeEach, describe, expect, it } from 'vitest'
import { Core } from '../../../core/core.js'
import { callVault } from '../../../transport/in-process.js'

const START = '2030-01-01T00:00:00Z'
let core: Core
const call = (method: string, path: string, data?: unknown) => callVault(core, method, path, { token: 'root', data })
const dataOf = (reply: { json: unknown }) => (reply.json as { data: Record<string, unknown> }).data
const errorsOf = (reply: { json: unknown }) => (reply.json as { errors: string[] }).errors

beforeEach(async () => {
  core = await Core.create({ clock: { mode: 'frozen', start: START } })
})

describe('metadata/ read', () => {
  it('has the exact shape and key order of the reference', async () => {
    await call('POST', 'secret/data/app', { data: { v: 1 } })
    await core.clock.advance('1h')
    await call('POST', 'secret/data/app', { data: { v: 2 } })
    await call('POST', 'secret/delete/app', { versions: [1] })
    const res = await call('GET', 'secret/metadata/app')
    expect(res.status).toBe(200)
    expect(JSON.stringify(dataOf(res))).toBe(
      JSON.stringify({
        cas_required: false,
        created_time: START,
        current_version: 2,
        custom_metadata: null,
        delete_version_after: '0s',
        max_versions: 0,
        oldest_version: 0,
        updated_time: '2030-01-01T01:00:00Z',
        versions: {
          '1': { created_time: START, deletion_time: '2030-01-01T01:00:00Z', destroyed: false },
          '2': { created_time: '2030-01-01T01:00:00Z', deletion_time: '', destroyed: false },
        },
      }),
    )
  })

  it('is a bare 404 for a missing key', async () => {
    expect(await call('GET', 'secret/metadata/none')).toMatchObject({ status: 404, json: { errors: [] } })
  })
})

describe('metadata/ write', () => {
  it('creates metadata without versions', async () => {
    const res = await call('POST', 'secret/metadata/new', { max_versions: 5, cas_required: true, delete_version_after: '3h25m19s', custom_metadata: { owner: 'team-a' } })
    expect(res.status).toBe(204)
    expect(dataOf(await call('GET', 'secret/metadata/new'))).toEqual({
      cas_required: true,
      created_time: START,
      current_version: 0,
      custom_metadata: { owner: 'team-a' },
      delete_version_after: '3h25m19s',
      max_versions: 5,
      oldest_version: 0,
      updated_time: START,
      versions: {},
    })
    expect(await call('GET', 'secret/data/new')).toMatchObject({ status: 404, json: { errors: [] } })
  })

  it('with none of its fields is a 204 that stores nothing', async () => {
    expect((await call('POST', 'secret/metadata/none', {})).status).toBe(204)
    expect((await call('GET', 'secret/metadata/none')).status).toBe(404)
  })

  it('changes only the fields sent', async () => {
    await call('POST', 'secret/metadata/k', { max_versions: 3, custom_metadata: { a: 'b' } })
    await call('POST', 'secret/metadata/k', { cas_required: true })
    expect(dataOf(await call('GET', 'secret/metadata/k'))).toMatchObject({ max_versions: 3, cas_required: true, custom_metadata: { a: 'b' } })
    await call('POST', 'secret/metadata/k', { custom_metadata: {} })
    expect(dataOf(await call('GET', 'secret/metadata/k'))['custom_metadata']).toBeNull()
  })

  it('converts custom_metadata values to strings', async () => {
    await call('POST', 'secret/metadata/k', { custom_metadata: { n: 5, t: true } })
    expect(dataOf(await call('GET', 'secret/metadata/k'))['custom_metadata']).toEqual({ n: '5', t: '1' })
  })

  it('validates custom_metadata with Vault’s messages', async () => {
    const long = await call('POST', 'secret/metadata/k', { custom_metadata: { ['k'.repeat(129)]: 'v', empty: '' } })
    expect(long.status).toBe(400)
    expect(errorsOf(long)).toEqual([
      '2 errors occurred:\n' +
        `\t* custom_metadata validation failed: length of key "${'k'.repeat(129)}" is 129 but must be 0 < len(key) <= 128\n` +
        '\t* custom_metadata validation failed: length of value for key "empty" is 0 but must be 0 < len(value) <= 512\n\n',
    ])
    const many = Object.fromEntries(Array.from({ length: 65 }, (_, i) => [`k${i}`, 'v']))
    expect(errorsOf(await call('POST', 'secret/metadata/k', { custom_metadata: many }))).toEqual([
      '1 error occurred:\n\t* custom_metadata validation failed: payload must contain at most 64 keys, provided 65\n\n',
    ])
    expect(errorsOf(await call('POST', 'secret/metadata/k', { custom_metadata: { bell: 'a\u0007b' } }))).toEqual([
      '1 error occurred:\n\t* custom_metadata validation failed: value for key "bell" contains unprintable characters\n\n',
    ])
    expect(errorsOf(await call('POST', 'secret/metadata/k', { custom_metadata: { nested: { a: 'b' } } }))).toEqual([
      "custom_metadata validation failed: '' expected type 'string', got unconvertible type 'map[string]interface {}', value: 'map[a:b]'",
    ])
    expect((await call('GET', 'secret/metadata/k')).status).toBe(404)
  })

  it('refuses a negative delete_version_after', async () => {
    const res = await call('POST', 'secret/metadata/k', { delete_version_after: '-1h' })
    expect(res).toMatchObject({
      status: 400,
      json: { errors: [`Field validation failed: error converting input for field "delete_version_after": cannot provide negative value '-3600'`] },
    })
  })

  it('warns when turning off a CAS requirement the mount imposes', async () => {
    await call('POST', 'secret/config', { cas_required: true })
    const res = await call('POST', 'secret/metadata/k', { cas_required: false })
    expect(res.status).toBe(200)
    expect((res.json as { warnings: string[]; data: unknown }).warnings).toEqual([
      '"cas_required" set to false, but is mandated by backend config. This value will be ignored.',
    ])
    expect((res.json as { data: unknown }).data).toBeNull()
  })
})

describe('metadata/ patch', () => {
  const patch = (path: string, data: unknown) => call('PATCH', path, data)

  it('merges custom_metadata and changes only the fields sent', async () => {
    await call('POST', 'secret/metadata/k', { max_versions: 3, custom_metadata: { a: '1', b: '2' } })
    expect((await patch('secret/metadata/k', { cas_required: true, custom_metadata: { b: null, c: '3' } })).status).toBe(204)
    expect(dataOf(await call('GET', 'secret/metadata/k'))).toMatchObject({ max_versions: 3, cas_required: true, custom_metadata: { a: '1', c: '3' } })
    await patch('secret/metadata/k', { custom_metadata: null, delete_version_after: '1h' })
    expect(dataOf(await call('GET', 'secret/metadata/k'))).toMatchObject({ custom_metadata: null, delete_version_after: '1h0m0s' })
  })

  it('is a 404 for a missing key', async () => {
    expect(await patch('secret/metadata/none', { max_versions: 1 })).toMatchObject({ status: 404, json: { errors: [] } })
  })

  it('validates custom_metadata', async () => {
    await call('POST', 'secret/metadata/k', { max_versions: 3 })
    const res = await patch('secret/metadata/k', { custom_metadata: { '': 'v' } })
    expect(errorsOf(res)).toEqual(['1 error occurred:\n\t* custom_metadata validation failed: length of key "" is 0 but must be 0 < len(key) <= 128\n\n'])
  })
})

describe('metadata/ list', () => {
  beforeEach(async () => {
    for (const key of ['app/db', 'app/web/cfg', 'app/api', 'top']) await call('POST', `secret/data/${key}`, { data: { a: 1 } })
  })

  it('lists immediate children with the LIST verb and ?list=true', async () => {
    const root = await call('LIST', 'secret/metadata')
    expect(root.status).toBe(200)
    expect(dataOf(root)).toEqual({ keys: ['app/', 'top'] })
    expect(dataOf(await call('GET', 'secret/metadata/app?list=true'))).toEqual({ keys: ['api', 'db', 'web/'] })
    expect(dataOf(await call('LIST', 'secret/metadata/app/'))).toEqual({ keys: ['api', 'db', 'web/'] })
  })

  it('an empty listing is a bare 404', async () => {
    expect(await call('LIST', 'secret/metadata/nothing')).toMatchObject({ status: 404, json: { errors: [] } })
  })

  it('exclude_deleted leaves out keys whose current version is deleted', async () => {
    await call('DELETE', 'secret/data/app/db')
    expect(dataOf(await call('LIST', 'secret/metadata/app', { exclude_deleted: 'true' }))).toEqual({ keys: ['api', 'web/'] })
  })

  it('keeps listing a key whose versions are all destroyed', async () => {
    await call('POST', 'secret/destroy/top', { versions: [1] })
    expect(dataOf(await call('LIST', 'secret/metadata'))).toEqual({ keys: ['app/', 'top'] })
  })
})

describe('metadata/ delete', () => {
  it('removes the metadata and every version', async () => {
    await call('POST', 'secret/data/k', { data: { a: 1 } })
    await call('POST', 'secret/data/k', { data: { a: 2 } })
    expect((await call('DELETE', 'secret/metadata/k')).status).toBe(204)
    expect(await call('GET', 'secret/metadata/k')).toMatchObject({ status: 404, json: { errors: [] } })
    expect(await call('GET', 'secret/data/k?version=1')).toMatchObject({ status: 404, json: { errors: [] } })
    expect(await call('LIST', 'secret/metadata')).toMatchObject({ status: 404 })
    const again = await call('POST', 'secret/data/k', { data: { a: 3 } })
    expect((again.json as { data: { version: number } }).data.version).toBe(1)
  })

  it('is a 204 for a missing key', async () => {
    expect((await call('DELETE', 'secret/metadata/none')).status).toBe(204)
  })
})

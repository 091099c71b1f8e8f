import { beforeEach, describe, expect, it } from 'vitest'
import { Core } from '../../../core/core.js'
import { callVault } from '../../../transport/in-process.js'
import { subkeys } from './path-subkeys.js'

const START = '2030-01-01T00:00:00Z'
let core: Core
const call = (method: string, path: string, data?: unknown) => callVault(core, method, path, { token: 'root', data })
const dataOf = (reply: { json: unknown }) => (reply.json as { data: Record<string, unknown> }).data
const SECRET = { foo: 'abc', bar: { baz: 'def', deep: { x: 1 }, empty: {} }, list: [1, 2] }

beforeEach(async () => {
  core = await Core.create({ clock: { mode: 'frozen', start: START } })
  await call('POST', 'secret/data/s', { data: SECRET })
})

describe('subkeys/', () => {
  it('replaces every leaf with null', async () => {
    const res = await call('GET', 'secret/subkeys/s')
    expect(res.status).toBe(200)
    expect(dataOf(res)).toEqual({
      metadata: { created_time: START, custom_metadata: null, deletion_time: '', destroyed: false, version: 1 },
      subkeys: { foo: null, bar: { baz: null, deep: { x: null }, empty: null }, list: null },
    })
  })

  it('stops at depth', async () => {
    expect(dataOf(await call('GET', 'secret/subkeys/s?depth=1'))['subkeys']).toEqual({ foo: null, bar: null, list: null })
    expect(dataOf(await call('GET', 'secret/subkeys/s', { depth: 2 }))['subkeys']).toEqual({
      foo: null,
      bar: { baz: null, deep: null, empty: null },
      list: null,
    })
  })

  it('reads an older version', async () => {
    await call('POST', 'secret/data/s', { data: { only: 1 } })
    expect(dataOf(await call('GET', 'secret/subkeys/s?version=1'))['subkeys']).toMatchObject({ foo: null })
    expect(dataOf(await call('GET', 'secret/subkeys/s'))['subkeys']).toEqual({ only: null })
  })

  it('a deleted version is a 404 with metadata and null subkeys', async () => {
    await call('DELETE', 'secret/data/s')
    const res = await call('GET', 'secret/subkeys/s')
    expect(res.status).toBe(404)
    expect(dataOf(res)).toEqual({
      metadata: { created_time: START, custom_metadata: null, deletion_time: START, destroyed: false, version: 1 },
      subkeys: null,
    })
  })

  it('a missing key is a bare 404', async () => {
    expect(await call('GET', 'secret/subkeys/none')).toMatchObject({ status: 404, json: { errors: [] } })
  })
})

describe('subkeys()', () => {
  it('treats empty objects and arrays as leaves', () => {
    expect(subkeys({ a: {}, b: [], c: { d: null } }, 0)).toEqual({ a: null, b: null, c: { d: null } })
  })
})

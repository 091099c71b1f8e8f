import { beforeEach, describe, expect, it } from 'vitest'
import { Core } from '../../../core/core.js'
import { callVault } from '../../../transport/in-process.js'

const START = '2030-01-01T00:00:00Z'
let core: Core
const call = (method: string, path: string, data?: unknown) => callVault(core, method, path, { token: 'root', data })
const versionsOf = async (path: string) =>
  ((await call('GET', `secret/metadata/${path}`)).json as { data: { versions: Record<string, { deletion_time: string; destroyed: boolean }> } }).data.versions

beforeEach(async () => {
  core = await Core.create({ clock: { mode: 'frozen', start: START } })
  for (let v = 1; v <= 3; v++) await call('POST', 'secret/data/k', { data: { v } })
})

describe('delete/', () => {
  it('soft-deletes the listed versions', async () => {
    expect((await call('POST', 'secret/delete/k', { versions: [1, 2] })).status).toBe(204)
    expect((await call('GET', 'secret/data/k?version=1')).status).toBe(404)
    expect((await call('GET', 'secret/data/k?version=2')).status).toBe(404)
    expect((await call('GET', 'secret/data/k?version=3')).status).toBe(200)
    const versions = await versionsOf('k')
    expect(versions['1']?.deletion_time).toBe(START)
    expect(versions['3']?.deletion_time).toBe('')
  })

  it('takes versions as strings and as a comma string', async () => {
    await call('PUT', 'secret/delete/k', { versions: ['1'] })
    await call('PUT', 'secret/delete/k', { versions: '2,3' })
    const versions = await versionsOf('k')
    expect(Object.values(versions).map((v) => v.deletion_time)).toEqual([START, START, START])
  })

  it('keeps the first deletion time and skips unknown versions', async () => {
    await call('POST', 'secret/delete/k', { versions: [1] })
    await core.clock.advance('1h')
    expect((await call('POST', 'secret/delete/k', { versions: [1, 99] })).status).toBe(204)
    expect((await versionsOf('k'))['1']?.deletion_time).toBe(START)
  })

  it('refuses an empty version list, even for a missing key', async () => {
    const empty = { status: 400, json: { errors: ['No version number provided'] } }
    expect(await call('POST', 'secret/delete/k', { versions: [] })).toMatchObject(empty)
    expect(await call('POST', 'secret/delete/k', {})).toMatchObject(empty)
    expect(await call('POST', 'secret/delete/missing', { versions: '' })).toMatchObject(empty)
  })

  it('is a 204 no-op for a missing key', async () => {
    expect((await call('POST', 'secret/delete/missing', { versions: [1] })).status).toBe(204)
    expect((await call('GET', 'secret/metadata/missing')).status).toBe(404)
  })

  it('refuses versions that are not numbers', async () => {
    const res = await call('POST', 'secret/delete/k', { versions: ['one'] })
    expect(res.status).toBe(400)
    expect((res.json as { errors: string[] }).errors[0]).toMatch(/^Field validation failed: error converting input for field "versions"/)
  })
})

describe('undelete/', () => {
  it('restores soft-deleted versions', async () => {
    await call('DELETE', 'secret/data/k')
    expect((await call('GET', 'secret/data/k')).status).toBe(404)
    expect((await call('POST', 'secret/undelete/k', { versions: ['3'] })).status).toBe(204)
    const res = await call('GET', 'secret/data/k')
    expect(res.status).toBe(200)
    expect((res.json as { data: { data: unknown } }).data.data).toEqual({ v: 3 })
  })

  it('does not bring back destroyed versions', async () => {
    await call('POST', 'secret/destroy/k', { versions: [2] })
    await call('POST', 'secret/undelete/k', { versions: [2] })
    expect((await versionsOf('k'))['2']).toMatchObject({ destroyed: true })
    expect((await call('GET', 'secret/data/k?version=2')).status).toBe(404)
  })

  it('restarts the delete_version_after countdown', async () => {
    await call('POST', 'secret/metadata/k', { delete_version_after: '1h' })
    await call('POST', 'secret/delete/k', { versions: [1] })
    await core.clock.advance('10m')
    await call('POST', 'secret/undelete/k', { versions: [1] })
    expect((await versionsOf('k'))['1']?.deletion_time).toBe('2030-01-01T01:10:00Z')
  })

  it('refuses an empty version list', async () => {
    expect(await call('POST', 'secret/undelete/k', { versions: [] })).toMatchObject({ status: 400, json: { errors: ['No version number provided'] } })
  })
})

describe('destroy/', () => {
  it('removes the data for good and marks the versions destroyed', async () => {
    expect((await call('POST', 'secret/destroy/k', { versions: '1,3' })).status).toBe(204)
    const versions = await versionsOf('k')
    expect(versions['1']).toEqual({ created_time: START, deletion_time: '', destroyed: true })
    expect(versions['2']?.destroyed).toBe(false)
    const res = await call('GET', 'secret/data/k')
    expect(res.status).toBe(404)
    expect((res.json as { data: { data: null; metadata: { destroyed: boolean } } }).data).toMatchObject({ data: null, metadata: { destroyed: true, version: 3 } })
  })

  it('a destroyed version can no longer be soft-deleted', async () => {
    await call('POST', 'secret/destroy/k', { versions: [1] })
    await call('POST', 'secret/delete/k', { versions: [1] })
    expect((await versionsOf('k'))['1']).toMatchObject({ deletion_time: '', destroyed: true })
  })

  it('refuses an empty version list (lower-case message)', async () => {
    expect(await call('POST', 'secret/destroy/k', { versions: [] })).toMatchObject({ status: 400, json: { errors: ['no version number provided'] } })
  })

  it('other verbs are unsupported on these paths', async () => {
    expect(await call('GET', 'secret/destroy/k')).toMatchObject({ status: 405, json: { errors: ['1 error occurred:\n\t* unsupported operation\n\n'] } })
    expect((await call('GET', 'secret/delete/k')).status).toBe(405)
  })
})

import { beforeEach, describe, expect, it } from 'vitest'
import { Core } from '../../../core/core.js'
import { callVault } from '../../../transport/in-process.js'

let core: Core
const call = (method: string, path: string, data?: unknown) => callVault(core, method, path, { token: 'root', data })
const dataOf = (reply: { json: unknown }) => (reply.json as { data: Record<string, unknown> }).data

beforeEach(async () => {
  core = await Core.create()
})

describe('KV v2 config', () => {
  it('reads the defaults', async () => {
    const res = await call('GET', 'secret/config')
    expect(res.status).toBe(200)
    expect(JSON.stringify(dataOf(res))).toBe('{"cas_required":false,"delete_version_after":"0s","max_versions":0}')
  })

  it('writes settings with a 204 and reads them back', async () => {
    expect((await call('POST', 'secret/config', { max_versions: '7', cas_required: 'true', delete_version_after: '1h30m' })).status).toBe(204)
    expect(dataOf(await call('GET', 'secret/config'))).toEqual({ cas_required: true, delete_version_after: '1h30m0s', max_versions: 7 })
  })

  it('changes only the fields sent; an empty write is a 204 no-op', async () => {
    await call('POST', 'secret/config', { max_versions: 4 })
    expect((await call('POST', 'secret/config', {})).status).toBe(204)
    await call('POST', 'secret/config', { cas_required: true })
    expect(dataOf(await call('GET', 'secret/config'))).toEqual({ cas_required: true, delete_version_after: '0s', max_versions: 4 })
  })

  it('a negative delete_version_after disables it, 0 clears it', async () => {
    await call('POST', 'secret/config', { delete_version_after: '-5m' })
    expect(dataOf(await call('GET', 'secret/config'))['delete_version_after']).toBe('-1s')
    await call('POST', 'secret/config', { delete_version_after: 0 })
    expect(dataOf(await call('GET', 'secret/config'))['delete_version_after']).toBe('0s')
  })

  it('rejects values of the wrong type', async () => {
    const res = await call('POST', 'secret/config', { max_versions: 'many' })
    expect(res.status).toBe(400)
    expect((res.json as { errors: string[] }).errors[0]).toMatch(/^Field validation failed: error converting input for field "max_versions"/)
  })
})

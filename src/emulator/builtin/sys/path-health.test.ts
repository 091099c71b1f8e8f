import { describe, expect, it } from 'vitest'
import { Core } from '../../core/core.js'
import { caller, init, shamirCore, unseal } from '../../../../test/helpers/sealed-core.js'
import type { Call } from '../../../../test/helpers/sealed-core.js'

/** The Go client's overrides: every error state answers 299, so it never sees an error status. */
const GO_CLIENT = { uninitcode: 299, sealedcode: 299, standbycode: 299, drsecondarycode: 299, performancestandbycode: 299 }

async function health(call: Call, query?: Record<string, unknown>): Promise<number> {
  return (await call('GET', 'sys/health', query)).status
}

describe('sys/health', () => {
  it('answers 501 uninitialised, 503 sealed, 200 active; each code can be overridden', async () => {
    const { call } = await shamirCore()
    expect(await health(call)).toBe(501)
    expect(await health(call, { uninitcode: 200 })).toBe(200)
    expect(await health(call, GO_CLIENT)).toBe(299)
    const body = (await call('GET', 'sys/health')).body
    expect(body).toMatchObject({ initialized: false, sealed: true, standby: true })
    expect(body['cluster_name']).toBeUndefined()

    const { keys } = await init(call)
    expect(await health(call)).toBe(503)
    expect(await health(call, { sealedcode: 204 })).toBe(204)
    expect(await health(call, { uninitcode: 299 })).toBe(503)
    expect(await health(call, GO_CLIENT)).toBe(299)
    expect((await call('GET', 'sys/health')).body).toMatchObject({ initialized: true, sealed: true, standby: true })

    await unseal(call, keys.slice(0, 3))
    expect(await health(call)).toBe(200)
    expect(await health(call, { activecode: 218 })).toBe(218)
    const active = (await call('GET', 'sys/health')).body
    expect(active).toMatchObject({ initialized: true, sealed: false, standby: false, performance_standby: false, replication_dr_mode: 'disabled' })
    expect(active['cluster_name']).toMatch(/^vault-cluster-/)
  })

  it('is an active node: the standby, DR-secondary and perf-standby codes (429, 472, 473) never apply', async () => {
    const call = caller(await Core.create({ log: () => undefined }))
    expect(await health(call, { standbycode: 429, drsecondarycode: 472, performancestandbycode: 473, haunhealthycode: 474 })).toBe(200)
    expect(await health(call, { standbyok: 'true', perfstandbyok: '1' })).toBe(200)
  })

  it('refuses bad override values as Vault does', async () => {
    const call = caller(await Core.create({ log: () => undefined }))
    const badCode = await call('GET', 'sys/health', { sealedcode: 'abc' })
    expect([badCode.status, badCode.body]).toEqual([400, { errors: [] }])
    const badBool = await call('GET', 'sys/health', { standbyok: 'maybe' })
    expect([badBool.status, badBool.body]).toEqual([400, { errors: ['bad value for standbyok parameter: strconv.ParseBool: parsing "maybe": invalid syntax'] }])
  })

  it('answers HEAD with the status alone', async () => {
    const { call } = await shamirCore()
    const head = await call('HEAD', 'sys/health')
    expect([head.status, head.raw]).toEqual([501, undefined])
  })
})

import { describe, expect, it } from 'vitest'
import { authHarness } from '../login-test-harness.js'
import type { AuthHarness } from '../login-test-harness.js'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/

async function withRole(data: Record<string, unknown> = {}): Promise<AuthHarness> {
  const h = await authHarness('approle')
  expect((await h.call('POST', 'auth/approle/role/ci', { data: { token_policies: 'ci', ...data } })).status).toBe(204)
  return h
}

async function generate(h: AuthHarness, data?: unknown): Promise<{ secret_id: string; secret_id_accessor: string }> {
  const reply = await h.call('POST', 'auth/approle/role/ci/secret-id', data === undefined ? {} : { data })
  expect(reply.status, JSON.stringify(reply.body)).toBe(200)
  return reply.body.data as { secret_id: string; secret_id_accessor: string }
}

describe('AppRole secret IDs', () => {
  it('generates UUID secret IDs from an empty body (vault write -f)', async () => {
    const h = await withRole({ secret_id_ttl: '10m', secret_id_num_uses: 5 })
    const reply = await h.call('POST', 'auth/approle/role/ci/secret-id')
    expect(reply.status).toBe(200)
    expect(reply.body.data).toEqual({
      secret_id: expect.stringMatching(UUID),
      secret_id_accessor: expect.stringMatching(UUID),
      secret_id_num_uses: 5,
      secret_id_ttl: 600,
    })
    const other = await generate(h)
    expect(other.secret_id).not.toBe(reply.body.data?.['secret_id'])
  })

  it('stores only HMACs: a storage dump does not reveal secret IDs', async () => {
    const h = await withRole()
    const { secret_id } = await generate(h)
    const custom = 'my-very-own-secret'
    await h.call('POST', 'auth/approle/role/ci/custom-secret-id', { data: { secret_id: custom } })
    const dump = [...h.core.storage.dump().entries()].map(([k, v]) => `${k}=${v}`).join('\n')
    expect(dump).not.toContain(secret_id)
    expect(dump).not.toContain(custom)
  })

  it('takes metadata as a JSON string (hashi-vault-js) or an object, and shows it on lookup', async () => {
    const h = await withRole({ secret_id_ttl: '10m' })
    const { secret_id, secret_id_accessor } = await generate(h, { metadata: JSON.stringify({ env: 'prod' }), cidr_list: '127.0.0.0/8' })
    const lookup = await h.call('POST', 'auth/approle/role/ci/secret-id/lookup', { data: { secret_id } })
    expect(lookup.body.data).toEqual({
      cidr_list: ['127.0.0.0/8'],
      creation_time: '2030-01-01T00:00:00Z',
      expiration_time: '2030-01-01T00:10:00Z',
      last_updated_time: '2030-01-01T00:00:00Z',
      metadata: { env: 'prod' },
      secret_id_accessor,
      secret_id_num_uses: 0,
      secret_id_ttl: 600,
      token_bound_cidrs: [],
    })
    const { secret_id: second } = await generate(h, { metadata: { team: 'ci' } })
    expect((await h.call('POST', 'auth/approle/role/ci/secret-id/lookup', { data: { secret_id: second } })).body.data?.['metadata']).toEqual({ team: 'ci' })
    expect(await h.call('POST', 'auth/approle/role/ci/secret-id', { data: { metadata: '{"n":1}' } })).toEqual({
      status: 400,
      body: { errors: ['failed to parse metadata: failed to parse the input: invalid <key,value> format'] },
    })
  })

  it('keeps num_uses and ttl within the role’s limits', async () => {
    const h = await withRole({ secret_id_num_uses: 3, secret_id_ttl: '10m' })
    expect((await generate(h, { num_uses: 2, ttl: '5m' })) as unknown).toMatchObject({ secret_id_num_uses: 2, secret_id_ttl: 300 })
    expect(await h.call('POST', 'auth/approle/role/ci/secret-id', { data: { num_uses: 4 } })).toEqual({
      status: 400,
      body: { errors: ["num_uses cannot be higher than the role's secret_id_num_uses"] },
    })
    expect((await h.call('POST', 'auth/approle/role/ci/secret-id', { data: { num_uses: 0 } })).status).toBe(400)
    expect(await h.call('POST', 'auth/approle/role/ci/secret-id', { data: { num_uses: -1 } })).toEqual({ status: 400, body: { errors: ['num_uses cannot be negative'] } })
    expect(await h.call('POST', 'auth/approle/role/ci/secret-id', { data: { ttl: '1h' } })).toEqual({
      status: 400,
      body: { errors: ["ttl cannot be longer than the role's secret_id_ttl"] },
    })
  })

  it('caps the TTL at the mount’s max', async () => {
    const h = await withRole()
    await h.tune({ max_lease_ttl: '1h' })
    expect((await generate(h, { ttl: '2h' })) as unknown).toMatchObject({ secret_id_ttl: 3600 })
    expect((await generate(h)) as unknown).toMatchObject({ secret_id_ttl: 0 })
  })

  it('keeps CIDR lists within the role’s', async () => {
    const h = await withRole({ secret_id_bound_cidrs: '10.0.0.0/8', token_bound_cidrs: '10.0.0.0/16' })
    expect((await h.call('POST', 'auth/approle/role/ci/secret-id', { data: { cidr_list: '10.1.0.0/16', token_bound_cidrs: '10.0.1.0/24' } })).status).toBe(200)
    expect(await h.call('POST', 'auth/approle/role/ci/secret-id', { data: { cidr_list: '192.168.0.0/16' } })).toEqual({
      status: 500,
      body: {
        errors: [
          '1 error occurred:\n\t* failed to verify subset relationship between CIDR blocks on the role ["10.0.0.0/8"] and CIDR blocks on the secret ID ["192.168.0.0/16"]: %!w(<nil>)\n\n',
        ],
      },
    })
    expect((await h.call('POST', 'auth/approle/role/ci/secret-id', { data: { cidr_list: 'nonsense' } })).body.errors).toEqual([
      '1 error occurred:\n\t* failed to validate CIDR blocks: invalid CIDR address: nonsense\n\n',
    ])
  })

  it('refuses unknown roles and roles without bind_secret_id', async () => {
    const h = await withRole()
    expect(await h.call('POST', 'auth/approle/role/nope/secret-id')).toEqual({ status: 404, body: { errors: ['role "nope" does not exist'] } })
    await h.call('POST', 'auth/approle/role/cidr-only', { data: { bind_secret_id: false, secret_id_bound_cidrs: '127.0.0.0/8' } })
    expect(await h.call('POST', 'auth/approle/role/cidr-only/secret-id')).toEqual({ status: 400, body: { errors: ['bind_secret_id is not set on the role'] } })
  })

  it('lists accessors, looks up and destroys by secret ID and by accessor', async () => {
    const h = await withRole()
    const a = await generate(h)
    const b = await generate(h)
    const list = await h.call('LIST', 'auth/approle/role/ci/secret-id')
    expect(list.body.data).toEqual({ keys: [a.secret_id_accessor, b.secret_id_accessor].sort() })

    const byAccessor = await h.call('POST', 'auth/approle/role/ci/secret-id-accessor/lookup', { data: { secret_id_accessor: a.secret_id_accessor } })
    expect(byAccessor.body.data).toMatchObject({ secret_id_accessor: a.secret_id_accessor })
    expect(JSON.stringify(byAccessor.body)).not.toContain(a.secret_id)

    expect((await h.call('POST', 'auth/approle/role/ci/secret-id/destroy', { data: { secret_id: a.secret_id } })).status).toBe(204)
    expect((await h.call('POST', 'auth/approle/role/ci/secret-id/lookup', { data: { secret_id: a.secret_id } })).status).toBe(204)
    expect((await h.call('DELETE', 'auth/approle/role/ci/secret-id-accessor/destroy', { data: { secret_id_accessor: b.secret_id_accessor } })).status).toBe(204)
    expect(await h.call('LIST', 'auth/approle/role/ci/secret-id')).toEqual({ status: 404, body: { errors: [] } })

    expect(await h.call('POST', 'auth/approle/role/ci/secret-id-accessor/lookup', { data: { secret_id_accessor: 'nope' } })).toEqual({
      status: 404,
      body: { errors: ['failed to find accessor entry for secret_id_accessor: "nope"'] },
    })
    expect(await h.call('POST', 'auth/approle/role/nope/secret-id/lookup', { data: { secret_id: 'x' } })).toEqual({
      status: 500,
      body: { errors: ['1 error occurred:\n\t* role "nope" does not exist\n\n'] },
    })
    expect(await h.call('POST', 'auth/approle/role/ci/secret-id/lookup', { data: {} })).toEqual({ status: 400, body: { errors: ['missing secret_id'] } })
    expect(await h.call('LIST', 'auth/approle/role/nope/secret-id')).toEqual({ status: 400, body: { errors: ['role "nope" does not exist'] } })
  })

  it("will not destroy another role's secret ID through its accessor", async () => {
    const h = await withRole()
    await h.call('POST', 'auth/approle/role/other', { data: {} })
    const theirs = (await h.call('POST', 'auth/approle/role/other/secret-id')).body.data as { secret_id_accessor: string }
    expect(await h.call('POST', 'auth/approle/role/ci/secret-id-accessor/destroy', { data: { secret_id_accessor: theirs.secret_id_accessor } })).toEqual({
      status: 403,
      body: { errors: ['invalid secret id accessor'] },
    })
    expect((await h.call('LIST', 'auth/approle/role/other/secret-id')).body.data).toEqual({ keys: [theirs.secret_id_accessor] })
  })

  it('assigns custom secret IDs, once', async () => {
    const h = await withRole()
    const reply = await h.call('POST', 'auth/approle/role/ci/custom-secret-id', { data: { secret_id: 'push-model-secret' } })
    expect(reply.body.data).toMatchObject({ secret_id: 'push-model-secret', secret_id_accessor: expect.stringMatching(UUID) })
    expect(await h.call('POST', 'auth/approle/role/ci/custom-secret-id', { data: { secret_id: 'push-model-secret' } })).toEqual({
      status: 500,
      body: { errors: ['1 error occurred:\n\t* failed to store secret_id: SecretID is already registered\n\n'] },
    })
    expect(await h.call('POST', 'auth/approle/role/ci/custom-secret-id', { data: {} })).toEqual({ status: 400, body: { errors: ['missing secret_id'] } })
  })

  it('forgets expired secret IDs; tidy answers 202', async () => {
    const h = await withRole({ secret_id_ttl: '10m' })
    const { secret_id } = await generate(h)
    await h.core.clock.advance('10m')
    expect((await h.call('POST', 'auth/approle/role/ci/secret-id/lookup', { data: { secret_id } })).status).toBe(204)
    await generate(h)
    await h.core.clock.advance('11m')
    const stored = () => h.core.storage.keys().filter((k) => k.startsWith('auth/') && (k.includes('/secret-id/') || k.includes('/accessor/')))
    expect(stored()).toHaveLength(2)
    const tidy = await h.call('POST', 'auth/approle/tidy/secret-id')
    expect(tidy.status).toBe(202)
    expect(tidy.body.warnings).toEqual(["Tidy operation successfully started. Any information from the operation will be printed to Vault's server logs."])
    expect(h.core.storage.keys().filter((k) => k.startsWith('auth/') && (k.includes('/secret-id/') || k.includes('/accessor/')))).toEqual([])
  })

  it('deleting the role deletes its secret IDs', async () => {
    const h = await withRole()
    await generate(h)
    await h.call('DELETE', 'auth/approle/role/ci')
    expect(h.core.storage.keys().filter((k) => k.startsWith('auth/') && (k.includes('/secret-id/') || k.includes('/accessor/')))).toEqual([])
  })
})

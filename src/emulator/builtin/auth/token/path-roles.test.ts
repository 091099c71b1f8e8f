import { describe, expect, it } from 'vitest'
import { tokenEmulator } from '../../../../../test/helpers/token-emulator.js'
import type { AuthBlock } from '../../../core/request.js'

describe('auth/token/roles', () => {
  it('reads a new role back in Vault’s shape, keys sorted', async () => {
    const { call } = await tokenEmulator()
    expect((await call('POST', 'roles/app', 'root', { allowed_policies: 'B,a', disallowed_policies: ['c'] })).status).toBe(204)
    const reply = await call('GET', 'roles/app', 'root')
    expect(reply.status).toBe(200)
    const data = reply.body.data ?? {}
    expect(data).toEqual({
      allowed_entity_aliases: null,
      allowed_policies: ['a', 'b'],
      allowed_policies_glob: [],
      disallowed_policies: ['c'],
      disallowed_policies_glob: [],
      explicit_max_ttl: 0,
      name: 'app',
      orphan: false,
      path_suffix: '',
      period: 0,
      renewable: true,
      token_bound_cidrs: [],
      token_explicit_max_ttl: 0,
      token_no_default_policy: false,
      token_num_uses: 0,
      token_period: 0,
      token_type: 'default-service',
    })
    expect(Object.keys(data)).toEqual(Object.keys(data).sort())
  })

  it('lists roles, and answers 404 when there are none or the role is missing', async () => {
    const { call } = await tokenEmulator()
    expect(await call('LIST', 'roles', 'root')).toEqual({ status: 404, body: { errors: [] } })
    expect(await call('GET', 'roles/none', 'root')).toEqual({ status: 404, body: { errors: [] } })
    await call('POST', 'roles/b', 'root', {})
    await call('POST', 'roles/a', 'root', {})
    expect((await call('LIST', 'roles', 'root')).body.data).toEqual({ keys: ['a', 'b'] })
    expect((await call('GET', 'roles?list=true', 'root')).body.data).toEqual({ keys: ['a', 'b'] })
  })

  it('deletes roles (204 even when absent)', async () => {
    const { call } = await tokenEmulator()
    await call('POST', 'roles/a', 'root', {})
    expect((await call('DELETE', 'roles/a', 'root')).status).toBe(204)
    expect((await call('DELETE', 'roles/a', 'root')).status).toBe(204)
    expect((await call('GET', 'roles/a', 'root')).status).toBe(404)
  })

  it('merges updates: unsent fields keep their values', async () => {
    const { call } = await tokenEmulator()
    await call('POST', 'roles/r', 'root', { allowed_policies: 'a', orphan: true, token_period: '1h', renewable: false })
    await call('POST', 'roles/r', 'root', { disallowed_policies: 'x' })
    expect((await call('GET', 'roles/r', 'root')).body.data).toMatchObject({
      allowed_policies: ['a'], disallowed_policies: ['x'], orphan: true, token_period: 3600, renewable: false,
    })
  })

  it('keeps legacy spellings readable and warns when both are given', async () => {
    const { call } = await tokenEmulator()
    await call('POST', 'roles/old', 'root', { period: '2h', explicit_max_ttl: 600, bound_cidrs: '10.0.0.0/8' })
    expect((await call('GET', 'roles/old', 'root')).body.data).toMatchObject({
      period: 7200, token_period: 7200, explicit_max_ttl: 600, token_explicit_max_ttl: 600,
      bound_cidrs: ['10.0.0.0/8'], token_bound_cidrs: ['10.0.0.0/8'],
    })
    const both = await call('POST', 'roles/new', 'root', { period: '2h', token_period: '1h' })
    expect(both.status).toBe(200)
    expect(both.body.warnings).toEqual(["Both 'token_period' and deprecated 'period' value supplied, ignoring the deprecated value"])
    expect((await call('GET', 'roles/new', 'root')).body.data).toMatchObject({ period: 0, token_period: 3600 })
  })

  it('warns when the explicit max exceeds the mount max', async () => {
    const { call } = await tokenEmulator()
    const reply = await call('POST', 'roles/big', 'root', { token_explicit_max_ttl: '1000h' })
    expect(reply.body.warnings).toEqual([
      'Given explicit max TTL of 3600000 is greater than system/mount allowed value of 2764800 seconds; until this is fixed attempting to create tokens against this role will result in an error',
    ])
  })

  it('validates token types and batch combinations', async () => {
    const { call } = await tokenEmulator()
    const cases: [Record<string, unknown>, string][] = [
      [{ token_type: 'default' }, `invalid 'token_type' value "default"`],
      [{ token_type: null }, "Invalid 'token_type' value: null"],
      [{ token_type: 'batch' }, "'token_type' cannot be 'batch' when role is set to generate non-orphan tokens"],
      [{ token_type: 'batch', orphan: true, token_period: 5 }, "'token_type' cannot be 'batch' when role is set to generate periodic tokens"],
      [{ token_type: 'batch', orphan: true }, "'token_type' cannot be 'batch' when role is set to generate renewable tokens"],
      [
        { token_type: 'batch', orphan: true, renewable: false, token_explicit_max_ttl: 5 },
        "'token_type' cannot be 'batch' when role is set to generate tokens with an explicit max TTL",
      ],
      [{ token_num_uses: -1 }, "error parsing role fields: 'token_num_uses' cannot be negative"],
      [{ token_period: -1 }, "error parsing role fields: 'token_period' cannot be negative"],
    ]
    for (const [data, message] of cases) {
      expect(await call('POST', 'roles/t', 'root', data)).toEqual({ status: 400, body: { errors: [message] } })
    }
    for (const type of ['service', 'default-batch', 'default-service']) {
      expect((await call('POST', `roles/${type}`, 'root', { token_type: type })).status).toBe(204)
      expect((await call('GET', `roles/${type}`, 'root')).body.data?.['token_type']).toBe(type)
    }
  })

  it('validates path suffixes and role names', async () => {
    const { call } = await tokenEmulator()
    expect(await call('POST', 'roles/s', 'root', { path_suffix: '/' })).toEqual({
      status: 400,
      body: { errors: [String.raw`given role path suffix contains invalid characters; must match \w[\w-.]+\w`] },
    })
    expect(await call('POST', 'roles/s', 'root', { path_suffix: 'a..b' })).toEqual({
      status: 400,
      body: { errors: ['error registering path suffix: path cannot contain parent references'] },
    })
    expect((await call('POST', 'roles/-bad', 'root', {})).status).toBe(404)
    expect((await call('POST', 'roles/ok.name-1', 'root', {})).status).toBe(204)
  })

  it('records allowed entity aliases lower-cased and sorted', async () => {
    const { call } = await tokenEmulator()
    await call('POST', 'roles/e', 'root', { allowed_entity_aliases: 'B,a' })
    expect((await call('GET', 'roles/e', 'root')).body.data?.['allowed_entity_aliases']).toEqual(['a', 'b'])
  })

  it('asks for create on a new role and update on an existing one', async () => {
    const { core, call } = await tokenEmulator()
    await core.policies.set('creator', 'path "auth/token/roles/*" { capabilities = ["create"] }')
    const auth = (await call('POST', 'create', 'root', { policies: ['creator'] })).body.auth as AuthBlock
    expect((await call('POST', 'roles/x', auth.client_token, {})).status).toBe(204)
    expect((await call('POST', 'roles/x', auth.client_token, {})).status).toBe(403)
  })
})

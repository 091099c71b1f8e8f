import { describe, expect, it } from 'vitest'
import { createVaultEmulator } from '../../../emulator.js'

async function setup() {
  const vault = await createVaultEmulator({ clock: { mode: 'frozen', start: '2030-01-01T00:00:00Z' } })
  await vault.request('POST', 'sys/auth/kubernetes', { data: { type: 'kubernetes' } })
  return vault
}

const NO_AUDIENCE = (name: string) =>
  `Role ${name} does not have an audience configured. While audiences are not required, consider specifying one if your use case would benefit from additional JWT claim verification.`

describe('auth/kubernetes/role', () => {
  it('stores the lesson’s role (legacy policies/ttl names) and reads it back in Vault’s shape', async () => {
    const vault = await setup()
    const write = await vault.request('POST', 'auth/kubernetes/role/myapp', {
      data: { bound_service_account_names: 'myapp-sa', bound_service_account_namespaces: 'production', policies: 'myapp-secrets', ttl: '1h' },
    })
    // No audience: Vault stores the role and warns.
    expect(write.status).toBe(200)
    expect(write.json).toMatchObject({ data: null, warnings: [NO_AUDIENCE('myapp')] })
    const read = await vault.request('GET', 'auth/kubernetes/role/myapp')
    const data = (read.json as { data: Record<string, unknown> }).data
    expect(data).toEqual({
      alias_name_source: 'serviceaccount_uid',
      bound_service_account_names: ['myapp-sa'],
      bound_service_account_namespace_selector: '',
      bound_service_account_namespaces: ['production'],
      policies: ['myapp-secrets'],
      token_bound_cidrs: [],
      token_explicit_max_ttl: 0,
      token_max_ttl: 0,
      token_no_default_policy: false,
      token_num_uses: 0,
      token_period: 0,
      token_policies: ['myapp-secrets'],
      token_ttl: 3600,
      token_type: 'default',
      ttl: 3600,
    })
    expect(Object.keys(data)).toEqual(Object.keys(data).sort())
  })

  it('shows the audience when set, and drops legacy names once the new ones are written', async () => {
    const vault = await setup()
    await vault.request('POST', 'auth/kubernetes/role/app', { data: { bound_service_account_names: ['a', 'b'], bound_service_account_namespaces: '*', policies: 'p', ttl: 60 } })
    const update = await vault.request('POST', 'auth/kubernetes/role/app', { data: { audience: 'vault', token_policies: 'q', token_ttl: 120 } })
    expect(update.status).toBe(204)
    const data = ((await vault.request('GET', 'auth/kubernetes/role/app')).json as { data: Record<string, unknown> }).data
    expect(data).toMatchObject({ audience: 'vault', bound_service_account_names: ['a', 'b'], bound_service_account_namespaces: ['*'], token_policies: ['q'], token_ttl: 120 })
    expect(data).not.toHaveProperty('policies')
    expect(data).not.toHaveProperty('ttl')
  })

  it('lists and deletes roles (names are lower-cased)', async () => {
    const vault = await setup()
    const role = { bound_service_account_names: 'sa', bound_service_account_namespaces: 'ns', audience: 'vault' }
    await vault.request('POST', 'auth/kubernetes/role/B', { data: role })
    await vault.request('POST', 'auth/kubernetes/role/a', { data: role })
    expect((await vault.request('LIST', 'auth/kubernetes/role')).json).toMatchObject({ data: { keys: ['a', 'b'] } })
    expect((await vault.request('GET', 'auth/kubernetes/role/b')).status).toBe(200)
    expect((await vault.request('DELETE', 'auth/kubernetes/role/a')).status).toBe(204)
    expect((await vault.request('GET', 'auth/kubernetes/role/a')).status).toBe(404)
  })

  it('accepts a namespace selector in place of namespaces', async () => {
    const vault = await setup()
    const write = await vault.request('POST', 'auth/kubernetes/role/sel', {
      data: { bound_service_account_names: 'sa', bound_service_account_namespace_selector: '{"matchLabels":{"stage":"prod"}}', audience: 'vault' },
    })
    expect(write.status).toBe(204)
    expect((await vault.request('GET', 'auth/kubernetes/role/sel')).json).toMatchObject({
      data: { bound_service_account_namespaces: null, bound_service_account_namespace_selector: '{"matchLabels":{"stage":"prod"}}' },
    })
  })

  it.each([
    [{ bound_service_account_namespaces: 'ns' }, '"bound_service_account_names" can not be empty'],
    [{ bound_service_account_names: ['*', 'x'], bound_service_account_namespaces: 'ns' }, 'can not mix "*" with values'],
    [{ bound_service_account_names: 'sa' }, '"bound_service_account_namespaces" can not be empty if "bound_service_account_namespace_selector" is not set'],
    [{ bound_service_account_names: 'sa', bound_service_account_namespaces: ['*', 'ns'] }, 'can not mix "*" with values'],
    [{ bound_service_account_names: 'sa', bound_service_account_namespace_selector: '{"matchExpressions":[{"key":"a","operator":"Exists"}]}' }, 'invalid "bound_service_account_namespace_selector" configured'],
    [{ bound_service_account_names: 'sa', bound_service_account_namespaces: 'ns', alias_name_source: 'pod' }, 'invalid alias_name_source, must be one of: serviceaccount_uid, serviceaccount_name'],
  ])('rejects %j', async (data, message) => {
    const vault = await setup()
    expect(await vault.request('POST', 'auth/kubernetes/role/bad', { data })).toMatchObject({ status: 400, json: { errors: [message] } })
  })
})

/**
 * The lesson's Part 4 (KV v2), Part 6 (policies and capabilities), Exercise 1
 * and Exercise 2, through node-vault over real HTTP.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type nodeVault from 'node-vault'
import type { VaultEmulator } from 'vault-emu'
import { failure, startWithNodeVault } from '../helpers/node-vault.js'
import type { NodeVaultSetup } from '../helpers/node-vault.js'

let vault: VaultEmulator
let root: nodeVault.client
let client: NodeVaultSetup['client']

beforeAll(async () => {
  ;({ vault, root, client } = await startWithNodeVault())
})

/** node-vault's tokenCreate() switches the client to the new token, so create tokens on a throw-away client. */
async function createToken(options: { policies: string[]; ttl?: string }): Promise<{ auth: { client_token: string; policies: string[]; lease_duration: number } }> {
  return client(vault.rootToken).tokenCreate(options)
}

afterAll(async () => {
  await vault.stop()
})

const MYAPP_POLICY = `# myapp-policy.hcl
# Read application secrets
path "secret/data/myapp/*" {
  capabilities = ["read", "list"]
}

# Generate dynamic database credentials
path "database/creds/readonly" {
  capabilities = ["read"]
}

# Allow the token to manage itself
path "auth/token/renew-self" {
  capabilities = ["update"]
}
path "auth/token/lookup-self" {
  capabilities = ["read"]
}

# Explicitly deny access to other apps
path "secret/data/billing/*" {
  capabilities = ["deny"]
}
`

describe('Part 4: KV v2', () => {
  it('puts, gets, versions, deletes and destroys a secret', async () => {
    const v1 = await root.write('secret/data/myapp/database', { data: { username: 'dbadmin', password: 's3cur3_p@ss', host: 'db.example.com' } })
    expect(v1.data.version).toBe(1)

    const read1 = await root.read('secret/data/myapp/database')
    expect(read1.data.data).toEqual({ username: 'dbadmin', password: 's3cur3_p@ss', host: 'db.example.com' })
    expect(read1.data.data.password).toBe('s3cur3_p@ss') // "vault kv get -field=password"

    await root.write('secret/data/myapp/database', { data: { username: 'dbadmin', password: 'n3w_p@ss_2026', host: 'db.example.com' } })
    expect((await root.read('secret/data/myapp/database')).data.data.password).toBe('n3w_p@ss_2026')
    expect((await root.read('secret/data/myapp/database?version=1')).data.data.password).toBe('s3cur3_p@ss')

    await root.delete('secret/data/myapp/database')
    const deleted = (await failure(root.read('secret/data/myapp/database'))) as unknown as { statusCode: number; body: { data: { data: null; metadata: { deletion_time: string; version: number } } } }
    expect(deleted.statusCode).toBe(404)
    expect(deleted.body.data.data).toBeNull()
    expect(deleted.body.data.metadata.version).toBe(2)
    expect(deleted.body.data.metadata.deletion_time).not.toBe('')

    await root.write('secret/destroy/myapp/database', { versions: [1] })
    const meta = await root.read('secret/metadata/myapp/database')
    expect(meta.data.versions['1'].destroyed).toBe(true)
    expect(meta.data.versions['2'].deletion_time).not.toBe('')
  })

  it('lists keys with the LIST verb', async () => {
    await root.write('secret/data/listing/a', { data: { x: '1' } })
    await root.write('secret/data/listing/dir/b', { data: { x: '2' } })
    const listed = await root.list('secret/metadata/listing')
    expect(listed.data.keys).toEqual(['a', 'dir/'])
  })
})

describe('Part 6: policies and capabilities', () => {
  it('answers sys/capabilities as the lesson shows', async () => {
    await root.write('sys/policies/acl/myapp-secrets', { policy: MYAPP_POLICY })
    const created = await createToken({ policies: ['myapp-secrets'], ttl: '1h' })
    const token: string = created.auth.client_token
    expect(created.auth.policies).toEqual(['default', 'myapp-secrets'])
    expect(created.auth.lease_duration).toBe(3600)

    const allowed = await root.write('sys/capabilities', { token, path: 'secret/data/myapp/database' })
    expect(allowed.capabilities).toEqual(['list', 'read'])
    expect(allowed.data['secret/data/myapp/database']).toEqual(['list', 'read'])
    const denied = await root.write('sys/capabilities', { token, path: 'secret/data/billing/stripe-key' })
    expect(denied.capabilities).toEqual(['deny'])
  })

  it('reproduces the KV v2 trap: secret/myapp/* does not reach secret/data/myapp/x', async () => {
    await root.write('secret/data/trap/config', { data: { k: 'v' } })
    await root.write('sys/policies/acl/wrong', { policy: 'path "secret/trap/*" { capabilities = ["read"] }' })
    await root.write('sys/policies/acl/right', { policy: 'path "secret/data/trap/*" { capabilities = ["read"] }' })
    const wrong = client((await createToken({ policies: ['wrong'] })).auth.client_token)
    const right = client((await createToken({ policies: ['right'] })).auth.client_token)

    const refused = await failure(wrong.read('secret/data/trap/config'))
    expect(refused.statusCode).toBe(403)
    expect(refused.body.errors).toEqual(['1 error occurred:\n\t* permission denied\n\n'])
    expect((await right.read('secret/data/trap/config')).data.data).toEqual({ k: 'v' })
  })

  it('rejects a request without a valid token with the plain 403 text', async () => {
    const anonymous = client('not-a-token')
    const refused = await failure(anonymous.read('secret/data/myapp/database'))
    expect(refused.statusCode).toBe(403)
    expect(refused.body.errors).toEqual(['permission denied'])
  })
})

describe('Exercises', () => {
  it('Exercise 1: stores and reads back the message field', async () => {
    await root.write('secret/data/exercise/hello', { data: { message: 'vault works' } })
    const read = await root.read('secret/data/exercise/hello')
    expect(read.data.data.message).toBe('vault works')
  })

  it('Exercise 2: web-frontend reads frontend secrets, lists their metadata, and nothing else', async () => {
    await root.write('sys/policies/acl/web-frontend', {
      policy: `path "secret/data/frontend/*" { capabilities = ["read"] }
path "secret/metadata/frontend/*" { capabilities = ["list"] }
path "database/creds/frontend-readonly" { capabilities = ["read"] }`,
    })
    await root.write('secret/data/frontend/app', { data: { api_key: 'k' } })
    await root.write('secret/data/backend/app', { data: { api_key: 'secret' } })
    const web = client((await createToken({ policies: ['web-frontend'] })).auth.client_token)

    expect((await web.read('secret/data/frontend/app')).data.data).toEqual({ api_key: 'k' })
    expect((await web.list('secret/metadata/frontend/')).data.keys).toEqual(['app'])
    expect((await failure(web.read('secret/data/backend/app'))).statusCode).toBe(403)
    expect((await failure(web.write('secret/data/frontend/app', { data: { api_key: 'x' } }))).statusCode).toBe(403)

    const caps = await root.write('sys/capabilities', {
      token: web.token,
      paths: ['secret/data/frontend/x', 'secret/metadata/frontend/x', 'database/creds/frontend-readonly', 'secret/data/other'],
    })
    expect(caps.data).toEqual({
      'secret/data/frontend/x': ['read'],
      'secret/metadata/frontend/x': ['list'],
      'database/creds/frontend-readonly': ['read'],
      'secret/data/other': ['deny'],
    })
  })
})

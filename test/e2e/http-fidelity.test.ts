/** Wire details real clients depend on (the reference's gotchas), over real HTTP. */
import net from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startVaultEmulator } from 'vault-emu'
import type { VaultEmulator } from 'vault-emu'

let vault: VaultEmulator

beforeAll(async () => {
  vault = await startVaultEmulator({ port: 0 })
})
afterAll(async () => {
  await vault.stop()
})

async function call(method: string, path: string, init: { token?: string | null; body?: string; headers?: Record<string, string> } = {}): Promise<Response> {
  const headers: Record<string, string> = { ...init.headers }
  if (init.token !== null) headers['X-Vault-Token'] = init.token ?? vault.rootToken
  return fetch(`${vault.addr}${path}`, { method, headers, ...(init.body === undefined ? {} : { body: init.body }) })
}

function rawRequest(port: number, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.end(text))
    let out = ''
    socket.on('data', (d) => (out += d.toString()))
    socket.on('end', () => resolve(out))
    socket.on('error', reject)
  })
}

describe('response envelope', () => {
  it('sends every envelope key, warnings null, and Content-Type exactly application/json', async () => {
    await call('POST', '/v1/secret/data/env', { body: JSON.stringify({ data: { a: 'b' } }) })
    const res = await call('GET', '/v1/secret/data/env')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/json')
    expect(res.headers.get('cache-control')).toBe('no-store')
    const body = (await res.json()) as Record<string, unknown>
    expect(Object.keys(body)).toEqual(['request_id', 'lease_id', 'renewable', 'lease_duration', 'data', 'wrap_info', 'warnings', 'auth', 'mount_type'])
    expect(body['warnings']).toBeNull()
    expect(body['wrap_info']).toBeNull()
    expect(body['auth']).toBeNull()
    expect(body['mount_type']).toBe('kv')
    expect(body['request_id']).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
  })

  it('answers 204 with no body when a write returns nothing', async () => {
    const res = await call('PUT', '/v1/sys/policies/acl/empty-body', { body: JSON.stringify({ policy: 'path "x" { capabilities = ["read"] }' }) })
    expect(res.status).toBe(204)
    expect(await res.text()).toBe('')
  })

  it('answers a read of nothing with 404 and an empty errors list', async () => {
    const res = await call('GET', '/v1/secret/data/never-written')
    expect(res.status).toBe(404)
    expect(await res.json()).toEqual({ errors: [] })
  })

  it('copies sys/ data to the top level on the routes Vault does', async () => {
    const body = (await (await call('GET', '/v1/sys/mounts')).json()) as Record<string, unknown>
    expect(body['secret/']).toEqual((body['data'] as Record<string, unknown>)['secret/'])
    expect((body['secret/'] as { options: unknown }).options).toEqual({ version: '2' })
  })
})

describe('request handling', () => {
  it('takes the token from Authorization: Bearer', async () => {
    const res = await call('GET', '/v1/auth/token/lookup-self', { token: null, headers: { Authorization: `Bearer ${vault.rootToken}` } })
    expect(res.status).toBe(200)
  })

  it('treats PUT and POST alike and ignores X-Vault-Request', async () => {
    const put = await call('PUT', '/v1/secret/data/verbs', { body: JSON.stringify({ data: { v: 1 } }), headers: { 'X-Vault-Request': 'true' } })
    const post = await call('POST', '/v1/secret/data/verbs', { body: JSON.stringify({ data: { v: 2 } }) })
    expect([put.status, post.status]).toEqual([200, 200])
  })

  it('answers malformed JSON with a 400, never a 500', async () => {
    const res = await call('POST', '/v1/secret/data/bad', { body: '{"data": ' })
    expect(res.status).toBe(400)
    const body = (await res.json()) as { errors: string[] }
    expect(body.errors[0]).toMatch(/^failed to parse JSON input: /)
  })

  it('refuses bodies over 32 MiB with 413', async () => {
    const res = await call('POST', '/v1/secret/data/huge', { body: `{"data":{"x":"${'a'.repeat(33 * 1024 * 1024)}"}}` })
    expect(res.status).toBe(413)
    expect(await res.json()).toEqual({ errors: ['http: request body too large'] })
  })

  it('treats ?list=true and ?list=1 as a list', async () => {
    await call('POST', '/v1/secret/data/lq/one', { body: JSON.stringify({ data: { a: 1 } }) })
    for (const q of ['true', '1']) {
      const res = await call('GET', `/v1/secret/metadata/lq?list=${q}`)
      expect(res.status).toBe(200)
      expect(((await res.json()) as { data: { keys: string[] } }).data.keys).toEqual(['one'])
    }
  })

  it('serves the LIST verb over a raw socket', async () => {
    await call('POST', '/v1/secret/data/raw/k', { body: JSON.stringify({ data: { a: 1 } }) })
    const port = Number(new URL(vault.addr).port)
    const text = await rawRequest(port, `LIST /v1/secret/metadata/raw HTTP/1.1\r\nHost: x\r\nX-Vault-Token: ${vault.rootToken}\r\nConnection: close\r\n\r\n`)
    expect(text.startsWith('HTTP/1.1 200')).toBe(true)
    expect(text).toContain('"keys":["k"]')
  })

  it('echoes an empty X-Vault-Namespace and serves the root namespace', async () => {
    const res = await call('GET', '/v1/sys/mounts', { headers: { 'X-Vault-Namespace': '' } })
    expect(res.status).toBe(200)
    expect(res.headers.get('x-vault-namespace')).toBe('')
  })

  it('says which route is missing for a path under no mount', async () => {
    const res = await call('GET', '/v1/nowhere/x')
    expect(res.status).toBe(404)
    expect(await res.json()).toEqual({ errors: ['no handler for route "nowhere/x". route entry not found.'] })
  })

  it('answers an unsupported operation with 405', async () => {
    const res = await call('DELETE', '/v1/sys/health')
    expect(res.status).toBe(405)
  })

  it('refuses writes to a path ending in a slash', async () => {
    const res = await call('POST', '/v1/secret/data/dir/', { body: JSON.stringify({ data: { a: 1 } }) })
    expect(res.status).toBe(400)
    expect(await res.json()).toEqual({ errors: ["cannot write to a path ending in '/'"] })
  })
})

describe('sys endpoints', () => {
  it('reports health as raw JSON, honouring status overrides', async () => {
    const res = await call('GET', '/v1/sys/health?activecode=299', { token: null })
    expect(res.status).toBe(299)
    const body = (await res.json()) as Record<string, unknown>
    expect(body).toMatchObject({ initialized: true, sealed: false, standby: false })
    expect(body['request_id']).toBeUndefined()
  })

  it('answers the vault kv preflight with the mount and its version as a string', async () => {
    const body = (await (await call('GET', '/v1/sys/internal/ui/mounts/secret/myapp/config')).json()) as { data: Record<string, unknown> }
    expect(body.data).toMatchObject({ path: 'secret/', type: 'kv', options: { version: '2' } })
  })

  it('refuses the preflight for a token with no access under the mount', async () => {
    await call('PUT', '/v1/sys/policies/acl/elsewhere', { body: JSON.stringify({ policy: 'path "cubbyhole/*" { capabilities = ["read"] }' }) })
    const created = (await (await call('POST', '/v1/auth/token/create', { body: JSON.stringify({ policies: ['elsewhere'], no_default_policy: true }) })).json()) as { auth: { client_token: string } }
    const res = await call('GET', '/v1/sys/internal/ui/mounts/secret/x', { token: created.auth.client_token })
    expect(res.status).toBe(403)
    expect(((await res.json()) as { errors: string[] }).errors[0]).toMatch(/^preflight capability check returned 403/)
  })
})

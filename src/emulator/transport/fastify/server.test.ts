import net from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Core } from '../../core/core.js'
import { callVault } from '../in-process.js'
import { listen } from './server.js'
import type { RunningServer } from './server.js'

let core: Core
let server: RunningServer
let reader: string

/** One request on its own connection; the raw response text. */
function exchange(text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(server.port, '127.0.0.1', () => socket.end(text))
    let out = ''
    socket.on('data', (d: Buffer) => (out += d.toString('latin1')))
    socket.on('end', () => resolve(out))
    socket.on('error', reject)
  })
}

/** What varies from one answer to the next: the date and the request id. */
function masked(response: string): string {
  return response.replace(/^date: .*$/im, 'date: -').replace(/"request_id":"[^"]*"/, '"request_id":"-"')
}

beforeAll(async () => {
  core = await Core.create()
  server = await listen(core, { port: 0 })
  await callVault(core, 'PUT', 'sys/policies/acl/reader', { token: 'root', data: { policy: 'path "secret/data/app" { capabilities = ["read"] }' } })
  await callVault(core, 'PUT', 'secret/data/app', { token: 'root', data: { data: { password: 'p4ss', note: 'héllo' } } })
  const created = await callVault(core, 'POST', 'auth/token/create', { token: 'root', data: { policies: ['reader'] } })
  reader = (created.json as { auth: { client_token: string } }).auth.client_token
})

afterAll(async () => {
  await server.close()
  await core.stop()
})

describe('plain GETs under /v1/ (served without Fastify routing)', () => {
  // A GET announcing an empty body (`Content-Length: 0`) takes the Fastify route: both must answer the same bytes.
  const cases: [string, string, Record<string, string>][] = [
    ['a KV read through the ACL', '/v1/secret/data/app', { 'X-Vault-Token': '<reader>' }],
    ['a read the ACL denies', '/v1/secret/data/other', { 'X-Vault-Token': '<reader>' }],
    ['a missing secret', '/v1/secret/data/missing', { 'X-Vault-Token': 'root' }],
    ['a bad token', '/v1/secret/data/app', { 'X-Vault-Token': 'nope' }],
    ['a list', '/v1/secret/metadata/?list=true', { 'X-Vault-Token': 'root' }],
    ['an invalid list flag', '/v1/secret/metadata/?list=maybe', { 'X-Vault-Token': 'root' }],
    ['a namespace header echoed back', '/v1/secret/data/app', { 'X-Vault-Token': 'root', 'X-Vault-Namespace': 'team' }],
    ['a raw response with its own status (health)', '/v1/sys/health?standbyok=true&activecode=218', {}],
    ['an unknown route', '/v1/nowhere/at/all', { 'X-Vault-Token': 'root' }],
  ]

  it.each(cases)('answers %s exactly as the Fastify route does', async (_name, target, headers) => {
    const lines = Object.entries(headers).map(([k, v]) => `${k}: ${v === '<reader>' ? reader : v}\r\n`)
    const head = `GET ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n${lines.join('')}`
    const direct = await exchange(`${head}\r\n`)
    const routed = await exchange(`${head}Content-Length: 0\r\n\r\n`)
    expect(direct).toMatch(/^HTTP\/1\.1 \d{3} /)
    expect(masked(direct)).toBe(masked(routed))
  })

  it('serves a LIST rewritten by the front the same way', async () => {
    const direct = await exchange('LIST /v1/secret/metadata HTTP/1.1\r\nHost: x\r\nConnection: close\r\nX-Vault-Token: root\r\n\r\n')
    const routed = await exchange('GET /v1/secret/metadata?list=true HTTP/1.1\r\nHost: x\r\nConnection: close\r\nX-Vault-Token: root\r\nContent-Length: 0\r\n\r\n')
    expect(masked(direct)).toBe(masked(routed))
    expect(direct).toContain('"keys":["app"]')
  })
})

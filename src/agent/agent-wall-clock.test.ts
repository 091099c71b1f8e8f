/**
 * Against a server without `/_emu/` (as a real Vault is), the agent keeps wall
 * time. The emulator runs on real time here, behind a proxy that answers 404
 * for `/_emu/*` as Vault does and forwards the rest.
 */
import { createServer } from 'node:http'
import type { Server } from 'node:http'
import { once } from 'node:events'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { parseAgentConfig, startAgent } from './index.js'
import { appRoleConfig, startAgentWorld } from './agent-harness.js'
import type { AgentWorld } from './agent-harness.js'

let world: AgentWorld
let proxy: Server
let proxyAddr: string

beforeAll(async () => {
  world = await startAgentWorld({ policy: 'path "kv/data/app" { capabilities = ["read"] }', tokenTtl: '3s', start: new Date().toISOString() })
  world.vault.clock.resume()
  proxy = createServer((req, res) => {
    if (req.url?.startsWith('/_emu')) {
      res.writeHead(404).end()
      return
    }
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const headers: Record<string, string> = {}
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string' && k !== 'host' && k !== 'content-length') headers[k] = v
      const body = chunks.length > 0 ? Buffer.concat(chunks) : undefined
      void fetch(`${world.vault.addr}${req.url ?? '/'}`, { method: req.method ?? 'GET', headers, ...(body ? { body } : {}) }).then(async (answer) => {
        res.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/json' })
        res.end(Buffer.from(await answer.arrayBuffer()))
      })
    })
  })
  proxy.listen(0, '127.0.0.1')
  await once(proxy, 'listening')
  proxyAddr = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`
})

afterAll(async () => {
  proxy?.close()
  await world?.stop()
})

it('renews its 3 s token after about 2 s of wall time when /_emu/clock answers 404', async () => {
  const config = await parseAgentConfig(appRoleConfig(world, '').replace(world.vault.addr, proxyAddr), 'agent.hcl')
  const agent = await startAgent(config)
  try {
    expect(agent.virtualClock).toBe(false)
    const auth = await agent.waitFor((e) => e.type === 'auth')
    const renewed = await agent.waitFor((e) => e.type === 'renew', 5000)
    expect(renewed.detail).toBe('token, ttl 3s')
    const waited = renewed.at.getTime() - auth.at.getTime()
    expect(waited).toBeGreaterThanOrEqual(1900)
    expect(waited).toBeLessThan(2900)
  } finally {
    await agent.stop()
  }
})

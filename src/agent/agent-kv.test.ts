/** The agent against the emulator over HTTP: AppRole login, token sink, KV v2 template, renewals on the virtual clock. */
import { readFile, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseAgentConfig, startAgent } from './index.js'
import type { RunningAgent } from './index.js'
import { appRoleConfig, startAgentWorld } from './agent-harness.js'
import type { AgentWorld } from './agent-harness.js'

let world: AgentWorld
let agent: RunningAgent
const commands: string[] = []

beforeAll(async () => {
  world = await startAgentWorld({ policy: 'path "kv/data/app" { capabilities = ["read"] }' })
  await world.ok('POST', 'sys/mounts/kv', { type: 'kv', options: { version: '2' } })
  await world.ok('POST', 'kv/data/app', { data: { api_key: 'key-one', region: 'eu' } })
  const config = await parseAgentConfig(
    appRoleConfig(
      world,
      `template {
  contents = <<EOT
{{- with secret "kv/data/app" -}}
API_KEY={{ .Data.data.api_key }}
REGION={{ .Data.data.region }}
{{ end -}}
EOT
  destination = "${join(world.dir, 'app.env')}"
  perms = "0600"
  command = "echo rendered"
}`,
      'template_config {\n  static_secret_render_interval = "10m"\n}',
    ),
    'agent.hcl',
  )
  agent = await startAgent(config, { runCommand: async (command) => (commands.push(command), 0) })
  await agent.waitFor((e) => e.type === 'command')
})

afterAll(async () => {
  await agent?.stop()
  await world?.stop()
})

describe('vault-emu agent with AppRole and a KV v2 template', () => {
  it('found the emulator and sleeps on its virtual clock', () => {
    expect(agent.virtualClock).toBe(true)
    expect(agent.events.map((e) => e.type).slice(0, 5)).toEqual(['auth', 'sink', 'secret', 'render', 'command'])
  })

  it('writes a working token to the sink with mode 0640', async () => {
    const sink = join(world.dir, 'token')
    expect((await stat(sink)).mode & 0o777).toBe(0o640)
    const token = await readFile(sink, 'utf8')
    const self = await fetch(`${world.vault.addr}/v1/auth/token/lookup-self`, { headers: { 'X-Vault-Token': token } })
    expect(self.status).toBe(200)
    expect(((await self.json()) as { data: { policies: string[] } }).data.policies).toContain('app')
  })

  it('renders .Data.data fields with {{- -}} trimming, with the requested perms, and ran the command once', async () => {
    const file = join(world.dir, 'app.env')
    expect(await readFile(file, 'utf8')).toBe('API_KEY=key-one\nREGION=eu\n')
    expect((await stat(file)).mode & 0o777).toBe(0o600)
    expect(commands).toEqual(['echo rendered'])
  })

  it('renews its token at two thirds of the TTL on the virtual clock, without re-rendering', async () => {
    const before = agent.events.length
    await world.vault.clock.advance('40m')
    const renewed = await agent.waitFor((e, i) => i >= before && e.type === 'renew')
    expect(renewed.detail).toBe('token, ttl 3600s')
    expect(renewed.at.toISOString()).toBe('2030-01-01T00:40:00.000Z')
    expect(agent.events.slice(before).some((e) => e.type === 'render' || e.type === 'auth')).toBe(false)
  })

  it('re-reads the KV secret every static_secret_render_interval and re-renders when it changed', async () => {
    await world.ok('POST', 'kv/data/app', { data: { api_key: 'key-two', region: 'eu' } })
    const before = agent.events.length
    await world.vault.clock.advance('10m')
    await agent.waitFor((e, i) => i >= before && e.type === 'command')
    expect(await readFile(join(world.dir, 'app.env'), 'utf8')).toBe('API_KEY=key-two\nREGION=eu\n')
    expect(commands).toHaveLength(2)
  })
})

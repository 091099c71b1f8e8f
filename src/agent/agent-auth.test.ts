/** auto_auth methods against the emulator over HTTP: Kubernetes, token file, re-login at the token's max TTL, failures. */
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseAgentConfig, startAgent } from './index.js'
import { appRoleConfig, startAgentWorld } from './agent-harness.js'
import type { AgentWorld } from './agent-harness.js'

let world: AgentWorld

beforeAll(async () => {
  world = await startAgentWorld({ policy: 'path "kv/data/app" { capabilities = ["read"] }', tokenTtl: '1h', tokenMaxTtl: '90m' })
  await world.ok('POST', 'sys/mounts/kv', { type: 'kv', options: { version: '2' } })
  await world.ok('POST', 'kv/data/app', { data: { colour: 'blue' } })
})
afterAll(async () => {
  await world?.stop()
})

const TEMPLATE = (dest: string): string => `template {
  contents = "{{ with secret \\"kv/data/app\\" }}{{ .Data.data.colour }}{{ end }}"
  destination = "${dest}"
}`

async function lookupSelf(token: string): Promise<{ status: number; policies: string[] }> {
  const res = await fetch(`${world.vault.addr}/v1/auth/token/lookup-self`, { headers: { 'X-Vault-Token': token } })
  const body = (await res.json()) as { data?: { policies?: string[] } }
  return { status: res.status, policies: body.data?.policies ?? [] }
}

describe('auto_auth', () => {
  it('kubernetes: logs in with the fake cluster\'s service-account JWT from token_path', async () => {
    await world.ok('POST', 'sys/auth/kubernetes', { type: 'kubernetes' })
    await world.ok('POST', 'auth/kubernetes/config', { kubernetes_host: world.vault.kubernetes.host })
    await world.ok('POST', 'auth/kubernetes/role/myapp', { bound_service_account_names: 'myapp-sa', bound_service_account_namespaces: 'production', token_policies: 'app', token_ttl: '1h' })
    const jwtFile = join(world.dir, 'sa-token')
    await writeFile(jwtFile, world.vault.kubernetes.serviceAccountToken({ namespace: 'production', serviceAccount: 'myapp-sa' }))
    const dest = join(world.dir, 'k8s.txt')
    const sink = join(world.dir, 'k8s-token')
    const config = await parseAgentConfig(
      `vault { address = "${world.vault.addr}" }
auto_auth {
  method "kubernetes" {
    mount_path = "auth/kubernetes"
    config = {
      role = "myapp"
      token_path = "${jwtFile}"
    }
  }
  sink "file" { config = { path = "${sink}", mode = 0600 } }
}
${TEMPLATE(dest)}`,
      'k8s.hcl',
    )
    const agent = await startAgent(config)
    try {
      await agent.waitFor((e) => e.type === 'render')
      expect(await readFile(dest, 'utf8')).toBe('blue')
      expect(await lookupSelf(await readFile(sink, 'utf8'))).toEqual({ status: 200, policies: ['app', 'default'] })
    } finally {
      await agent.stop()
    }
  })

  it('token_file: uses the token from the file, with VAULT_ADDR from options.env', async () => {
    const tokenFile = join(world.dir, 'given-token')
    await writeFile(tokenFile, await world.vault.token({ policies: ['app'], ttl: '1h' }))
    const dest = join(world.dir, 'token-file.txt')
    const config = await parseAgentConfig(`auto_auth {\n  method "token_file" {\n    config = { token_file_path = "${tokenFile}" }\n  }\n}\n${TEMPLATE(dest)}`, 'tf.hcl')
    const agent = await startAgent(config, { env: { VAULT_ADDR: world.vault.addr } })
    try {
      await agent.waitFor((e) => e.type === 'render')
      expect(await readFile(dest, 'utf8')).toBe('blue')
      expect(agent.events[0]).toMatchObject({ type: 'auth', detail: 'token_file' })
    } finally {
      await agent.stop()
    }
  })

  it('approle: logs in again when its token reaches its max TTL, and writes the new token to the sink', async () => {
    const dest = join(world.dir, 'approle.txt')
    const config = await parseAgentConfig(appRoleConfig(world, TEMPLATE(dest)), 'agent.hcl')
    const agent = await startAgent(config)
    try {
      await agent.waitFor((e) => e.type === 'render')
      const firstToken = await readFile(join(world.dir, 'token'), 'utf8')
      let before = agent.events.length
      await world.vault.clock.advance('40m')
      // 50m left before the 90m max TTL: granted less than asked.
      expect((await agent.waitFor((e, i) => i >= before && e.type === 'renew')).detail).toBe('token, ttl 3000s')
      before = agent.events.length
      await world.vault.clock.advance('34m') // past 2/3 of those 50m
      await agent.waitFor((e, i) => i >= before && e.type === 'sink')
      const secondToken = await readFile(join(world.dir, 'token'), 'utf8')
      expect(secondToken).not.toBe(firstToken)
      expect((await lookupSelf(secondToken)).status).toBe(200)
      // The secret is fetched anew with the new token; same text, so no rewrite.
      await agent.waitFor((e, i) => i >= before && e.type === 'secret' && agent.events[i - 1]?.type === 'sink')
      expect(agent.events.slice(before).filter((e) => e.type !== 'secret').map((e) => e.type)).toEqual(['auth', 'sink'])
    } finally {
      await agent.stop()
    }
  })

  it('a refused login is an error event, retried; nothing is written', async () => {
    const badRoleId = join(world.dir, 'bad-role-id')
    await writeFile(badRoleId, 'not-a-role-id')
    const text = appRoleConfig(world, TEMPLATE(join(world.dir, 'never.txt'))).replace(world.roleIdFile, badRoleId).replace(join(world.dir, 'token'), join(world.dir, 'never-token'))
    const agent = await startAgent(await parseAgentConfig(text, 'agent.hcl'))
    try {
      const failed = await agent.waitFor((e) => e.type === 'error')
      expect(failed.detail).toBe('auth/approle/login: HTTP 400: invalid role or secret ID')
      await expect(readFile(join(world.dir, 'never-token'), 'utf8')).rejects.toThrow('ENOENT')
    } finally {
      await agent.stop()
    }
  })
})

/** exit_after_auth, pid_file, write-style secret calls, and a denied secret. */
import { readFile, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseAgentConfig, startAgent } from './index.js'
import { appRoleConfig, startAgentWorld } from './agent-harness.js'
import type { AgentWorld } from './agent-harness.js'

let world: AgentWorld

beforeAll(async () => {
  world = await startAgentWorld({ policy: 'path "transit/encrypt/app" { capabilities = ["update"] }\npath "kv/data/app" { capabilities = ["read"] }' })
  await world.ok('POST', 'sys/mounts/transit', { type: 'transit' })
  await world.ok('POST', 'transit/keys/app')
  await world.ok('POST', 'sys/mounts/kv', { type: 'kv', options: { version: '2' } })
  await world.ok('POST', 'kv/data/app', { data: { a: '1' } })
  await world.ok('POST', 'kv/data/other', { data: { b: '2' } })
})
afterAll(async () => {
  await world?.stop()
})

describe('agent options', () => {
  it('with exit_after_auth, writes the pid file, renders once and finishes by itself', async () => {
    const pidFile = join(world.dir, 'agent.pid')
    const dest = join(world.dir, 'once.txt')
    const text = appRoleConfig(world, `template {\n  contents = "{{ with secret \\"kv/data/app\\" }}{{ .Data.data.a }}{{ end }}"\n  destination = "${dest}"\n}`, `exit_after_auth = true\npid_file = "${pidFile}"`)
    const agent = await startAgent(await parseAgentConfig(text, 'agent.hcl'))
    await agent.waitFor((e) => e.type === 'auth')
    expect(await readFile(pidFile, 'utf8')).toBe(String(process.pid))
    await agent.finished
    expect(await readFile(dest, 'utf8')).toBe('1')
    await agent.stop()
    await expect(stat(pidFile)).rejects.toThrow('ENOENT')
  })

  it('sends "key=value" arguments of secret as a write', async () => {
    const dest = join(world.dir, 'cipher.txt')
    const text = appRoleConfig(world, `template {\n  contents = "{{ with secret \\"transit/encrypt/app\\" \\"plaintext=aGVsbG8=\\" }}{{ .Data.ciphertext }}{{ end }}"\n  destination = "${dest}"\n}`)
    const agent = await startAgent(await parseAgentConfig(text, 'agent.hcl'))
    try {
      await agent.waitFor((e) => e.type === 'render')
      const ciphertext = await readFile(dest, 'utf8')
      expect(ciphertext).toMatch(/^vault:v1:/)
      const plain = await world.ok('POST', 'transit/decrypt/app', { ciphertext })
      expect((plain['data'] as { plaintext: string }).plaintext).toBe('aGVsbG8=')
    } finally {
      await agent.stop()
    }
  })

  it('a secret the policy denies is an error event; the token still works, so no new login', async () => {
    const text = appRoleConfig(world, `template {\n  contents = "{{ with secret \\"kv/data/other\\" }}{{ .Data.data.b }}{{ end }}"\n  destination = "${join(world.dir, 'denied.txt')}"\n}`)
    const agent = await startAgent(await parseAgentConfig(text, 'agent.hcl'))
    try {
      const failed = await agent.waitFor((e) => e.type === 'error')
      expect(failed.detail).toBe('kv/data/other: HTTP 403: 1 error occurred:\n\t* permission denied\n\n')
      await agent.waitFor((e, i) => i > agent.events.indexOf(failed) && e.type === 'error', 5000)
      expect(agent.events.filter((e) => e.type === 'auth')).toHaveLength(1)
    } finally {
      await agent.stop()
    }
  })
})

/**
 * What the agent's tests share: an emulator over HTTP on a frozen clock with
 * AppRole enabled, a temp directory, and role-ID / secret-ID files for a role
 * whose tokens may read what `policy` allows. Not a test file itself.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startVaultEmulator } from '../emulator/emulator.js'
import type { VaultEmulator } from '../emulator/emulator.js'

export interface AgentWorld {
  vault: VaultEmulator
  dir: string
  roleIdFile: string
  secretIdFile: string
  /** A call that must succeed (as root); the JSON body. */
  ok(method: string, path: string, data?: unknown): Promise<Record<string, unknown>>
  stop(): Promise<void>
}

export async function startAgentWorld(options: { policy: string; tokenTtl?: string; tokenMaxTtl?: string; start?: string }): Promise<AgentWorld> {
  const vault = await startVaultEmulator({ port: 0, clock: { mode: 'frozen', start: options.start ?? '2030-01-01T00:00:00Z' } })
  const dir = await mkdtemp(join(tmpdir(), 'vault-emu-agent-'))
  const ok = async (method: string, path: string, data?: unknown): Promise<Record<string, unknown>> => {
    const reply = await vault.request(method, path, data === undefined ? {} : { data })
    if (reply.status >= 300) throw new Error(`${method} ${path}: ${reply.status} ${JSON.stringify(reply.json)}`)
    return (reply.json ?? {}) as Record<string, unknown>
  }
  await ok('POST', 'sys/auth/approle', { type: 'approle' })
  await ok('PUT', 'sys/policies/acl/app', { policy: options.policy })
  await ok('POST', 'auth/approle/role/app', { token_policies: 'app', token_ttl: options.tokenTtl ?? '1h', token_max_ttl: options.tokenMaxTtl ?? '720h' })
  const roleId = ((await ok('GET', 'auth/approle/role/app/role-id'))['data'] as { role_id: string }).role_id
  const secretId = ((await ok('POST', 'auth/approle/role/app/secret-id'))['data'] as { secret_id: string }).secret_id
  const roleIdFile = join(dir, 'role-id')
  const secretIdFile = join(dir, 'secret-id')
  await writeFile(roleIdFile, roleId)
  await writeFile(secretIdFile, secretId)
  return {
    vault,
    dir,
    roleIdFile,
    secretIdFile,
    ok,
    stop: async () => {
      await vault.stop()
      await rm(dir, { recursive: true, force: true })
    },
  }
}

/** An agent config for AppRole login from the world's files, a file sink and the given `template` blocks. */
export function appRoleConfig(world: AgentWorld, templates: string, extra = ''): string {
  return `vault {
  address = "${world.vault.addr}"
}
auto_auth {
  method "approle" {
    config = {
      role_id_file_path = "${world.roleIdFile}"
      secret_id_file_path = "${world.secretIdFile}"
      remove_secret_id_file_after_reading = false
    }
  }
  sink "file" {
    config = {
      path = "${join(world.dir, 'token')}"
    }
  }
}
${templates}
${extra}`
}

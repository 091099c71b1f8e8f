import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startVaultEmulator, type VaultEmulator } from '../../index.js'
import { vaultCli } from '../../../test/helpers/vault-cli.js'

let vault: VaultEmulator
let cli: ReturnType<typeof vaultCli>

const policy = (path: string, ...capabilities: string[]) => `path "${path}" {\n  capabilities = ["${capabilities.join('", "')}"]\n}\n`

beforeAll(async () => {
  vault = await startVaultEmulator({ port: 0 })
  cli = vaultCli({ VAULT_ADDR: vault.addr, VAULT_TOKEN: vault.rootToken })
  expect((await vault.request('POST', 'sys/mounts/kv1', { data: { type: 'kv', options: { version: '1' } } })).status).toBe(204)
})
afterAll(async () => vault.stop())

describe('-output-policy', () => {
  it('names secret/data/... on a KV v2 mount and the typed path on v1', async () => {
    expect(await cli.run('kv', 'get', '-output-policy', 'secret/myapp/config')).toEqual({ code: 0, stdout: policy('secret/data/myapp/config', 'read'), stderr: '' })
    expect((await cli.run('kv', 'get', '-output-policy', '-mount=secret', 'myapp/config')).stdout).toBe(policy('secret/data/myapp/config', 'read'))
    expect((await cli.run('kv', 'get', '-output-policy', 'kv1/myapp/config')).stdout).toBe(policy('kv1/myapp/config', 'read'))
  })

  it('maps each kv command to the path and capability it needs', async () => {
    expect((await cli.run('kv', 'put', '-output-policy', 'secret/a', 'x=1')).stdout).toBe(policy('secret/data/a', 'create', 'update'))
    expect((await cli.run('kv', 'patch', '-output-policy', 'secret/a', 'x=1')).stdout).toBe(policy('secret/data/a', 'patch'))
    expect((await cli.run('kv', 'list', '-output-policy', 'secret/team')).stdout).toBe(policy('secret/metadata/team', 'list'))
    expect((await cli.run('kv', 'delete', '-output-policy', 'secret/a')).stdout).toBe(policy('secret/data/a', 'delete'))
    expect((await cli.run('kv', 'delete', '-output-policy', '-versions=1', 'secret/a')).stdout).toBe(policy('secret/delete/a', 'create', 'update'))
    expect((await cli.run('kv', 'destroy', '-output-policy', '-versions=1', 'secret/a')).stdout).toBe(policy('secret/destroy/a', 'create', 'update'))
    expect((await cli.run('kv', 'metadata', 'get', '-output-policy', 'secret/a')).stdout).toBe(policy('secret/metadata/a', 'read'))
  })

  it('does not send the request itself', async () => {
    expect((await cli.run('kv', 'put', '-output-policy', 'secret/never', 'x=1')).code).toBe(0)
    expect((await vault.request('GET', 'secret/data/never')).status).toBe(404)
    expect((await cli.run('write', '-output-policy', 'sys/policies/acl/never', 'policy=x')).stdout).toBe(policy('sys/policies/acl/never', 'create', 'update'))
    expect((await vault.request('GET', 'sys/policies/acl/never')).status).toBe(404)
  })

  it('adds sudo on root-protected paths, and works for read, list and delete', async () => {
    expect((await cli.run('write', '-output-policy', 'sys/audit/file', 'type=file')).stdout).toBe(policy('sys/audit/file', 'create', 'update', 'sudo'))
    expect((await cli.run('read', '-output-policy', 'database/creds/app-readonly')).stdout).toBe(policy('database/creds/app-readonly', 'read'))
    expect((await cli.run('list', '-output-policy', 'auth/approle/role')).stdout).toBe(policy('auth/approle/role', 'list'))
    expect((await cli.run('delete', '-output-policy', 'secret/metadata/a')).stdout).toBe(policy('secret/metadata/a', 'delete'))
  })

  it('is global: any command, wherever the flag stands before --', async () => {
    expect((await cli.run('secrets', 'enable', '-output-policy', 'transit')).stdout).toBe(policy('sys/mounts/transit', 'create', 'update'))
    expect((await cli.run('audit', 'enable', 'file', 'file_path=/tmp/x.log', '-output-policy')).stdout).toBe(policy('sys/audit/file', 'create', 'update', 'sudo'))
    expect((await cli.run('kv', 'get', 'secret/myapp/config', '--output-policy')).stdout).toBe(policy('secret/data/myapp/config', 'read'))
    expect((await vault.request('GET', 'sys/mounts/transit')).status).not.toBe(200) // nothing was enabled
  })

  it('says why when the command never gets to a request', async () => {
    expect(await cli.run('kv', 'put', '-output-policy', 'secret/a')).toEqual({ code: 1, stdout: '', stderr: 'Must supply data\nUnable to generate policy from command\n' })
  })

  it('explains a refused preflight instead of printing a policy', async () => {
    const token = await vault.token({ policies: ['default'] })
    const r = await vaultCli({ VAULT_ADDR: vault.addr, VAULT_TOKEN: token }).run('kv', 'get', '-output-policy', 'secret/myapp/config')
    expect(r.code).toBe(2)
    expect(r.stdout).toBe('')
    expect(r.stderr).toContain('This output flag requires the success of a preflight request')
    expect(r.stderr).toContain("in the format 'mount-path/data/foo', not just 'mount-path/foo'.")
    expect(r.stderr).toMatch(/Unable to generate policy from command\n$/)
  })
})

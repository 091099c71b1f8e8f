import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { emulatorWithCli, vaultCli } from '../../../../test/helpers/vault-cli.js'

/** The lesson's Part 6 policy, as the repository keeps it. */
const MYAPP_POLICY_FILE = fileURLToPath(new URL('../../../../policies/myapp-secrets.hcl', import.meta.url))
const MYAPP_POLICY = readFileSync(MYAPP_POLICY_FILE, 'utf8')

const env = emulatorWithCli()
const dir = mkdtempSync(join(tmpdir(), 'vault-cli-policy-'))

describe('vault policy (lesson Part 6)', () => {
  it('writes, reads, lists and deletes a policy', async () => {
    expect(await env.root.run('policy', 'write', 'myapp-secrets', MYAPP_POLICY_FILE)).toEqual({ code: 0, stdout: 'Success! Uploaded policy: myapp-secrets\n', stderr: '' })
    expect((await env.root.run('policy', 'read', 'myapp-secrets')).stdout).toBe(`${MYAPP_POLICY.trim()}\n`)
    expect(JSON.parse((await env.root.run('policy', 'read', '-format=json', 'myapp-secrets')).stdout)).toEqual({ policy: MYAPP_POLICY })
    expect((await env.root.run('policy', 'list')).stdout).toBe('default\nmyapp-secrets\nroot\n')
    expect(await env.root.runWithStdin('path "x" { capabilities = ["read"] }', 'policy', 'write', 'Temp', '-')).toEqual({
      code: 0,
      stdout: 'Success! Uploaded policy: temp\n',
      stderr: 'Policy name was converted from "Temp" to "temp"\n',
    })
    expect(await env.root.run('policy', 'delete', 'temp')).toEqual({ code: 0, stdout: 'Success! Deleted policy: temp\n', stderr: '' })
    expect(await env.root.run('policy', 'read', 'temp')).toEqual({ code: 2, stdout: '', stderr: 'No policy named: temp\n' })
  })

  it('rejects invalid HCL with the server message and exit 2', async () => {
    writeFileSync(join(dir, 'bad.hcl'), 'path "x" {\n  capabilities = ["read"\n')
    const r = await env.root.run('policy', 'write', 'bad', join(dir, 'bad.hcl'))
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/^Error uploading policy: Error making API request\.\n\nURL: PUT http:\/\/127\.0\.0\.1:\d+\/v1\/sys\/policies\/acl\/bad\nCode: 400\. Errors:\n\n\* failed to parse policy: /)
  })
})

describe('vault policy fmt', () => {
  it('rewrites the file in canonical layout', async () => {
    const file = join(dir, 'messy.hcl')
    writeFileSync(file, 'path "secret/data/myapp/*" {\ncapabilities=["read","list"]\n}\npath "auth/token/lookup-self" {capabilities = ["read"]}\n')
    expect(await env.root.run('policy', 'fmt', file)).toEqual({ code: 0, stdout: `Success! Formatted policy: ${file}\n`, stderr: '' })
    expect(readFileSync(file, 'utf8')).toBe('path "secret/data/myapp/*" {\n  capabilities = ["read", "list"]\n}\n\npath "auth/token/lookup-self" {\n  capabilities = ["read"]\n}\n')
  })

  it('leaves an invalid file alone and exits 1 with the parser message', async () => {
    const file = join(dir, 'invalid.hcl')
    writeFileSync(file, 'path "x" {\n  capabilities = ["read"\n')
    const r = await env.root.run('policy', 'fmt', file)
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/^failed to parse policy: /)
    expect(readFileSync(file, 'utf8')).toBe('path "x" {\n  capabilities = ["read"\n')
  })
})

describe('vault token (lesson Part 5 and 6)', () => {
  let token = ''

  it('token create -policy=myapp-secrets -ttl=1h prints the token table', async () => {
    const r = await env.root.run('token', 'create', '-policy=myapp-secrets', '-ttl=1h')
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(
      /^Key                  Value\n---                  -----\ntoken                hvs\.\S+\ntoken_accessor       \S+\ntoken_duration       1h\ntoken_renewable      true\ntoken_policies       \["default" "myapp-secrets"\]\nidentity_policies    \[\]\npolicies             \["default" "myapp-secrets"\]\n$/,
    )
    token = /\ntoken {16}(\S+)\n/.exec(r.stdout)?.[1] as string
  })

  it('-field=token prints the bare token, -format=json the whole response', async () => {
    const field = await env.root.run('token', 'create', '-policy=myapp-secrets', '-field=token')
    expect(field.stdout).toMatch(/^hvs\.\S+$/)
    const json = JSON.parse((await env.root.run('token', 'create', '-policy', 'myapp-secrets', '-period=24h', '-orphan', '-format=json')).stdout) as { auth: Record<string, unknown> }
    expect(json.auth).toMatchObject({ token_policies: ['default', 'myapp-secrets'], orphan: true, lease_duration: 86400 })
  })

  it('token capabilities prints the sorted capabilities, or deny', async () => {
    expect(await env.root.run('token', 'capabilities', token, 'secret/data/myapp/database')).toEqual({ code: 0, stdout: 'list, read\n', stderr: '' })
    expect(await env.root.run('token', 'capabilities', token, 'secret/data/billing/stripe-key')).toEqual({ code: 0, stdout: 'deny\n', stderr: '' })
    const self = vaultCli({ VAULT_ADDR: env.vault.addr, VAULT_TOKEN: token })
    expect((await self.run('token', 'capabilities', 'database/creds/app-readonly')).stdout).toBe('read\n')
    expect((await env.root.run('token', 'capabilities', '-format=json', token, 'secret/data/myapp/x')).stdout).toBe('[\n  "list",\n  "read"\n]\n')
  })

  it('a token without the policy gets the permission-denied block and exit 2', async () => {
    const limited = vaultCli({ VAULT_ADDR: env.vault.addr, VAULT_TOKEN: token })
    // A valid token that its policies deny: Vault wraps the error in its multierror text.
    expect(await limited.run('token', 'create')).toEqual({
      code: 2,
      stdout: '',
      stderr: `Error creating token: Error making API request.\n\nURL: POST ${env.vault.addr}/v1/auth/token/create\nCode: 403. Errors:\n\n* 1 error occurred:\n\t* permission denied\n\n\n`,
    })
    // No token at all: the plain message.
    expect(await vaultCli({ VAULT_ADDR: env.vault.addr }).run('secrets', 'list')).toEqual({
      code: 2,
      stdout: '',
      stderr: `Error listing secrets engines: Error making API request.\n\nURL: GET ${env.vault.addr}/v1/sys/mounts\nCode: 403. Errors:\n\n* permission denied\n`,
    })
  })

  it('token lookup, renew and revoke', async () => {
    const lookup = await env.root.run('token', 'lookup', token)
    expect(lookup.code).toBe(0)
    expect(lookup.stdout).toMatch(/\npolicies +\[default myapp-secrets\]\n/)
    expect(lookup.stdout).toMatch(/\ncreation_ttl +1h\n/)
    const accessor = (await env.root.run('token', 'lookup', '-field=accessor', token)).stdout
    expect((await env.root.run('token', 'lookup', '-accessor', accessor)).stdout).toMatch(/\ndisplay_name +token\n/)
    const self = vaultCli({ VAULT_ADDR: env.vault.addr, VAULT_TOKEN: token })
    expect((await self.run('token', 'lookup')).stdout).toContain(`\nid                  ${token}\n`)
    const renewed = await self.run('token', 'renew', '-increment=30m')
    expect(renewed.code).toBe(0)
    expect(renewed.stdout).toMatch(/\ntoken_duration +30m\n/)
    expect(await env.root.run('token', 'revoke', token)).toEqual({ code: 0, stdout: 'Success! Revoked token (if it existed)\n', stderr: '' })
    const gone = await self.run('token', 'lookup')
    expect(gone.code).toBe(2)
    expect(gone.stderr).toContain('Code: 403. Errors:\n\n* permission denied')
    expect(await env.root.run('token', 'revoke')).toEqual({ code: 1, stdout: '', stderr: 'Not enough arguments (expected 1 or -self, got 0)\n' })
  })
})

describe('vault login', () => {
  it('login <token> stores ~/.vault-token and prints the success block', async () => {
    const cli = vaultCli({ VAULT_ADDR: env.vault.addr })
    const r = await cli.run('login', env.vault.rootToken)
    expect(r.code).toBe(0)
    const lines = r.stdout.split('\n')
    expect(lines.slice(0, 6)).toEqual([
      'Success! You are now authenticated. The token information displayed below',
      'is already stored in the token helper. You do NOT need to run "vault login"',
      'again. Future Vault requests will automatically use this token.',
      '',
      'Key                  Value',
      '---                  -----',
    ])
    expect(lines[6]).toBe(`token                ${env.vault.rootToken}`)
    expect(lines[7]).toMatch(/^token_accessor {7}\S+$/)
    expect(lines.slice(8)).toEqual([
      'token_duration       ∞',
      'token_renewable      false',
      'token_policies       ["root"]',
      'identity_policies    []',
      'policies             ["root"]',
      '',
    ])
    expect(readFileSync(join(cli.home, '.vault-token'), 'utf8')).toBe(env.vault.rootToken)
    // Later commands read the stored token.
    expect((await cli.run('policy', 'list')).code).toBe(0)
    expect(await cli.run('print', 'token')).toEqual({ code: 0, stdout: `${env.vault.rootToken}\n`, stderr: '' })
  })

  it('login -method=userpass prompts for the password and -path selects the mount', async () => {
    await env.root.run('auth', 'enable', '-path=people', 'userpass')
    await env.vault.request('POST', 'auth/people/users/alice', { data: { password: 'wonderland', token_policies: 'myapp-secrets' }, token: env.vault.rootToken })
    const cli = vaultCli({ VAULT_ADDR: env.vault.addr })
    const r = await cli.runWithStdin('wonderland\n', 'login', '-method=userpass', '-path=people', 'username=alice')
    expect(r.code).toBe(0)
    expect(r.stderr).toBe('Password (will be hidden): \n')
    expect(r.stdout).toMatch(/\ntoken_policies +\["default" "myapp-secrets"\]\n/)
    const wrong = await cli.run('login', '-method=userpass', '-path=people', 'username=alice', 'password=nope')
    expect(wrong.code).toBe(2)
    expect(wrong.stderr).toMatch(/^Error authenticating: Error making API request\.\n\nURL: PUT http:\/\/127\.0\.0\.1:\d+\/v1\/auth\/people\/login\/alice\nCode: 400\. Errors:\n\n\* invalid username or password\n$/)
  })

  it('login -method=approle role_id=.. secret_id=.. -no-store prints the token without storing it', async () => {
    await env.root.run('auth', 'enable', 'approle')
    await env.vault.request('POST', 'auth/approle/role/ci', { data: { token_policies: 'myapp-secrets' }, token: env.vault.rootToken })
    const roleId = (await env.vault.request('GET', 'auth/approle/role/ci/role-id', { token: env.vault.rootToken })).json as { data: { role_id: string } }
    const secretId = (await env.vault.request('POST', 'auth/approle/role/ci/secret-id', { token: env.vault.rootToken })).json as { data: { secret_id: string } }
    const cli = vaultCli({ VAULT_ADDR: env.vault.addr })
    const r = await cli.run('login', '-method=approle', '-no-store', '-field=token', `role_id=${roleId.data.role_id}`, `secret_id=${secretId.data.secret_id}`)
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/^hvs\.\S+$/)
    expect(r.stderr).toContain('The token was not stored in token helper.')
    expect(() => readFileSync(join(cli.home, '.vault-token'))).toThrow()
  })
})

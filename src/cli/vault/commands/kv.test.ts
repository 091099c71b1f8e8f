import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startVaultEmulator, type VaultEmulator } from '../../../index.js'
import { vaultCli } from '../../../../test/helpers/vault-cli.js'

/** What `kv get` and `kv put` print for a live version of secret/myapp/database written at the frozen start time. */
function metadataTable(version: number): string[] {
  return [
    '======= Secret Path =======',
    'secret/data/myapp/database',
    '',
    '======= Metadata =======',
    'Key                Value',
    '---                -----',
    'created_time       2030-01-01T00:00:00Z',
    'custom_metadata    <nil>',
    'deletion_time      n/a',
    'destroyed          false',
    `version            ${version}`,
  ]
}

let vault: VaultEmulator
let cli: ReturnType<typeof vaultCli>

beforeAll(async () => {
  vault = await startVaultEmulator({ port: 0, clock: { mode: 'frozen', start: '2030-01-01T00:00:00Z' } })
  cli = vaultCli({ VAULT_ADDR: vault.addr, VAULT_TOKEN: vault.rootToken })
  expect((await vault.request('POST', 'sys/mounts/kv1', { data: { type: 'kv', options: { version: '1' } } })).status).toBe(204)
})
afterAll(async () => vault.stop())

describe('vault kv put / get on KV v2', () => {
  it('prints the path and the new version\'s metadata after a put', async () => {
    const r = await cli.run('kv', 'put', 'secret/myapp/database', 'username=dbadmin', 'password=s3cur3_p@ss', 'host=db.example.com')
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    expect(r.stdout).toBe(
      [
        ...metadataTable(1),
        '',
      ].join('\n'),
    )
  })

  it('prints Secret Path, Metadata and Data sections, one field, an old version and JSON', async () => {
    await cli.run('kv', 'put', 'secret/myapp/database', 'username=dbadmin', 'password=n3w_p@ss_2026', 'host=db.example.com')
    const r = await cli.run('kv', 'get', 'secret/myapp/database')
    expect(r.code).toBe(0)
    expect(r.stdout).toBe(
      [
        ...metadataTable(2),
        '',
        '====== Data ======',
        'Key         Value',
        '---         -----',
        'host        db.example.com',
        'password    n3w_p@ss_2026',
        'username    dbadmin',
        '',
      ].join('\n'),
    )
    expect((await cli.run('kv', 'get', '-field=password', 'secret/myapp/database')).stdout).toBe('n3w_p@ss_2026')
    expect((await cli.run('kv', 'get', '-version=1', '-field=password', 'secret/myapp/database')).stdout).toBe('s3cur3_p@ss')
    expect((await cli.run('kv', 'get', '-mount=secret', '-field=password', 'myapp/database')).stdout).toBe('n3w_p@ss_2026')
    const json = JSON.parse((await cli.run('kv', 'get', '-format=json', 'secret/myapp/database')).stdout) as { data: { data: Record<string, string>; metadata: { version: number } } }
    expect(json.data.data['password']).toBe('n3w_p@ss_2026')
    expect(json.data.metadata.version).toBe(2)
  })

  it('prints its usage with -h', async () => {
    const help = await cli.run('kv', 'get', '-h')
    expect(help.code).toBe(0)
    expect(help.stdout).toMatch(/^Usage: vault-emu kv get \[-mount=<mount>\] \[-version=<n>\] <path>\n/)
    expect(help.stdout).toContain('-output-policy')
  })

  it('refuses a stale -cas and reports a missing secret and field', async () => {
    const stale = await cli.run('kv', 'put', '-cas=1', 'secret/myapp/database', 'password=x')
    expect(stale.code).toBe(2)
    expect(stale.stderr).toContain('Error writing data to secret/data/myapp/database: Error making API request.')
    expect(stale.stderr).toContain('check-and-set parameter did not match the current version')
    const missing = await cli.run('kv', 'get', 'secret/nothing/here')
    expect(missing).toMatchObject({ code: 2, stdout: '', stderr: 'No value found at secret/data/nothing/here\n' })
    const noField = await cli.run('kv', 'get', '-field=nope', 'secret/myapp/database')
    expect(noField).toMatchObject({ code: 1, stderr: 'Field "nope" not present in map\n' })
    expect((await cli.run('kv', 'put', 'secret/x'))).toMatchObject({ code: 1, stderr: 'Must supply data\n' })
  })
})

describe('vault kv delete / undelete / destroy / metadata get / list / patch', () => {
  it('soft-deletes, undeletes and destroys versions', async () => {
    await cli.run('kv', 'put', 'secret/lifecycle', 'a=1')
    await cli.run('kv', 'put', 'secret/lifecycle', 'a=2')
    expect((await cli.run('kv', 'delete', 'secret/lifecycle')).stdout).toBe('Success! Data deleted (if it existed) at: secret/data/lifecycle\n')

    // A deleted version still shows its metadata, without a Data section.
    const deleted = await cli.run('kv', 'get', 'secret/lifecycle')
    expect(deleted.code).toBe(0)
    expect(deleted.stdout).toContain('deletion_time      2030-01-01T00:00:00Z')
    expect(deleted.stdout).not.toContain('Data')

    expect((await cli.run('kv', 'undelete', '-versions=2', 'secret/lifecycle')).stdout).toBe('Success! Data written to: secret/undelete/lifecycle\n')
    expect((await cli.run('kv', 'get', '-field=a', 'secret/lifecycle')).stdout).toBe('2')
    expect((await cli.run('kv', 'destroy', '-versions=1', 'secret/lifecycle')).stdout).toBe('Success! Data written to: secret/destroy/lifecycle\n')
    expect(await cli.run('kv', 'destroy', 'secret/lifecycle')).toMatchObject({ code: 1, stderr: 'No versions provided, use the "-versions" flag to specify the version to destroy.\n' })

    const meta = await cli.run('kv', 'metadata', 'get', 'secret/lifecycle')
    expect(meta.code).toBe(0)
    expect(meta.stdout).toMatch(/^=+ Metadata Path =+\nsecret\/metadata\/lifecycle\n\n=+ Metadata =+\nKey {4,}Value\n/)
    expect(meta.stdout).toContain('current_version         2')
    expect(meta.stdout).toMatch(/\n=+ Version 1 =+\nKey {4,}Value\n-+ +-+\ncreated_time +2030-01-01T00:00:00Z\ndeletion_time +n\/a\ndestroyed +true\n/)
    expect(meta.stdout).toMatch(/\n=+ Version 2 =+\n[^=]*destroyed +false\n$/)
  })

  it('lists keys under a v2 folder, and says when there are none', async () => {
    await cli.run('kv', 'put', 'secret/team/a', 'x=1')
    await cli.run('kv', 'put', 'secret/team/sub/b', 'x=1')
    expect((await cli.run('kv', 'list', 'secret/team')).stdout).toBe('Keys\n----\na\nsub/\n')
    expect((await cli.run('kv', 'list', '-format=json', 'secret/team')).stdout).toBe('[\n  "a",\n  "sub/"\n]\n')
    expect(await cli.run('kv', 'list', 'secret/empty')).toMatchObject({ code: 2, stderr: 'No value found at secret/metadata/empty\n' })
    // With -mount the path may be left out: the mount's top level.
    expect((await cli.run('kv', 'list', '-mount=secret')).stdout).toMatch(/^Keys\n----\n(.+\n)*team\/\n/)
    expect(await cli.run('kv', 'list')).toMatchObject({ code: 1, stderr: 'Not enough arguments (expected 1, got 0)\n' })
  })

  it('patches some keys of the latest version', async () => {
    await cli.run('kv', 'put', 'secret/patched', 'keep=1', 'change=old', 'drop=x')
    const r = await cli.run('kv', 'patch', '-remove-data=drop', 'secret/patched', 'change=new')
    expect(r.stderr).toBe('')
    expect(r.stdout).toContain('secret/data/patched\n')
    expect(r.stdout).toContain('version            2')
    const json = JSON.parse((await cli.run('kv', 'get', '-format=json', 'secret/patched')).stdout) as { data: { data: Record<string, string> } }
    expect(json.data.data).toEqual({ keep: '1', change: 'new' })
    const rw = await cli.run('kv', 'patch', '-method=rw', 'secret/patched', 'change=rw')
    expect(rw.stdout).toContain('version            3')
  })
})

describe('vault kv metadata put / patch / delete', () => {
  it('sets, merges and removes a key\'s settings and custom metadata', async () => {
    await cli.run('kv', 'put', 'secret/settings', 'a=1')
    expect((await cli.run('kv', 'metadata', 'put', '-max-versions=5', '-cas-required', '-delete-version-after=1h', '-custom-metadata=owner=team-a', '-custom-metadata=tier=gold', 'secret/settings')).stdout).toBe(
      'Success! Data written to: secret/metadata/settings\n',
    )
    expect((await cli.run('kv', 'metadata', 'patch', '-remove-custom-metadata=tier', '-custom-metadata=env=prod', 'secret/settings')).stdout).toBe('Success! Data written to: secret/metadata/settings\n')
    const meta = JSON.parse((await cli.run('kv', 'metadata', 'get', '-format=json', 'secret/settings')).stdout) as { data: Record<string, unknown> }
    expect(meta.data).toMatchObject({ max_versions: 5, cas_required: true, delete_version_after: '1h0m0s', custom_metadata: { owner: 'team-a', env: 'prod' } })
    // cas_required now refuses a put without -cas.
    expect((await cli.run('kv', 'put', 'secret/settings', 'a=2')).code).toBe(2)
    expect((await cli.run('kv', 'put', '-cas=1', 'secret/settings', 'a=2')).code).toBe(0)
    expect((await cli.run('kv', 'metadata', 'delete', 'secret/settings')).stdout).toBe('Success! Data deleted (if it existed) at: secret/metadata/settings\n')
    expect((await cli.run('kv', 'metadata', 'get', 'secret/settings')).stderr).toBe('No value found at secret/metadata/settings\n')
  })
})

describe('vault kv rollback / enable-versioning', () => {
  it('writes an old version\'s data as the newest, and refuses a destroyed one', async () => {
    await cli.run('kv', 'put', 'secret/rolled', 'v=one')
    await cli.run('kv', 'put', 'secret/rolled', 'v=two')
    const r = await cli.run('kv', 'rollback', '-version=1', 'secret/rolled')
    expect(r.stderr).toBe('')
    expect(r.stdout).toMatch(/^Key +Value\n-+ +-+\ncreated_time .*\nversion +3\n$/s)
    expect((await cli.run('kv', 'get', '-field=v', 'secret/rolled')).stdout).toBe('one')
    await cli.run('kv', 'destroy', '-versions=2', 'secret/rolled')
    expect(await cli.run('kv', 'rollback', '-version=2', 'secret/rolled')).toMatchObject({ code: 2, stderr: 'Cannot roll back to a version that has been destroyed\n' })
    expect(await cli.run('kv', 'rollback', 'secret/rolled')).toMatchObject({ code: 1, stderr: 'Version flag must be specified\n' })
  })

  it('upgrades a v1 mount to v2', async () => {
    expect((await vault.request('POST', 'sys/mounts/upgrade', { data: { type: 'kv', options: { version: '1' } } })).status).toBe(204)
    await cli.run('kv', 'put', 'upgrade/app', 'a=1')
    expect(await cli.run('kv', 'enable-versioning', 'upgrade')).toEqual({ code: 0, stdout: 'Success! Tuned the secrets engine at: upgrade/\n', stderr: '' })
    // The v1 key became version 1 of a versioned secret, as Vault's upgrade does.
    expect((await cli.run('kv', 'get', '-field=a', 'upgrade/app')).stdout).toBe('1')
    // From now on the preflight reports v2, so kv commands go through data/.
    expect((await cli.run('kv', 'put', 'upgrade/new', 'b=2')).stdout).toContain('\nupgrade/data/new\n')
  })
})

describe('vault kv on KV v1', () => {
  it('reads and writes the typed path without data/, and refuses v2-only commands', async () => {
    expect((await cli.run('kv', 'put', 'kv1/app', 'token=abc')).stdout).toBe('Success! Data written to: kv1/app\n')
    expect((await cli.run('kv', 'get', 'kv1/app')).stdout).toBe('==== Data ====\nKey      Value\n---      -----\ntoken    abc\n')
    expect((await cli.run('kv', 'get', '-mount=kv1', '-field=token', 'app')).stdout).toBe('abc')
    expect((await cli.run('kv', 'list', 'kv1/')).stdout).toBe('Keys\n----\napp\n')
    expect(await cli.run('kv', 'destroy', '-versions=1', 'kv1/app')).toMatchObject({ code: 1, stderr: 'Destroy not supported on KV Version 1\n' })
    expect(await cli.run('kv', 'metadata', 'get', 'kv1/app')).toMatchObject({ code: 1, stderr: 'Metadata not supported on KV Version 1\n' })
    expect((await cli.run('kv', 'delete', 'kv1/app')).stdout).toBe('Success! Data deleted (if it existed) at: kv1/app\n')
    expect((await cli.run('kv', 'get', 'kv1/app')).stderr).toBe('No value found at kv1/app\n')
  })
})

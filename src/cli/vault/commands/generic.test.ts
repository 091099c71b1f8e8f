import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startVaultEmulator, type VaultEmulator } from '../../../index.js'
import { vaultCli } from '../../../../test/helpers/vault-cli.js'

let vault: VaultEmulator
let cli: ReturnType<typeof vaultCli>

beforeAll(async () => {
  vault = await startVaultEmulator({ port: 0 })
  cli = vaultCli({ VAULT_ADDR: vault.addr, VAULT_TOKEN: vault.rootToken })
  expect((await vault.request('POST', 'sys/mounts/transit', { data: { type: 'transit' } })).status).toBe(204)
})
afterAll(async () => vault.stop())

describe('vault write', () => {
  it('says Success for an empty reply, prints the table for a reply with data', async () => {
    expect(await cli.run('write', 'sys/policies/acl/app', 'policy=path "secret/*" { capabilities = ["read"] }')).toEqual({ code: 0, stdout: 'Success! Data written to: sys/policies/acl/app\n', stderr: '' })
    const created = await cli.run('write', 'auth/token/create', 'policies=app', 'ttl=1h')
    expect(created.code).toBe(0)
    expect(created.stdout).toMatch(/^Key +Value\n-+ +-+\ntoken +hvs\.\S+\ntoken_accessor +\S+\ntoken_duration +1h\n/)
  })

  it('writes with no data only with -f, and reads values from a file and from stdin', async () => {
    expect(await cli.run('write', 'transit/keys/k')).toEqual({ code: 1, stdout: '', stderr: 'Must supply data or use -force\n' })
    expect((await cli.run('write', '-f', 'transit/keys/k')).code).toBe(0)
    const file = join(mkdtempSync(join(tmpdir(), 'vault-write-')), 'plain.txt')
    writeFileSync(file, Buffer.from('from a file').toString('base64'))
    const fromFile = await cli.run('write', '-field=ciphertext', 'transit/encrypt/k', `plaintext=@${file}`)
    const fromStdin = await cli.runWithStdin(fromFile.stdout, 'write', '-field=plaintext', 'transit/decrypt/k', 'ciphertext=-')
    expect(Buffer.from(fromStdin.stdout, 'base64').toString()).toBe('from a file')
  })

  it('prints vault\'s error block after "Error writing data to <path>:"', async () => {
    const r = await cli.run('write', 'sys/mounts/bad', 'type=nonsense')
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/^Error writing data to sys\/mounts\/bad: Error making API request\.\n\nURL: PUT http:\/\/127\.0\.0\.1:\d+\/v1\/sys\/mounts\/bad\nCode: 400\. Errors:\n\n\* /)
  })
})

describe('vault read / list / delete', () => {
  it('reads a response as a table, one field, or JSON; says when nothing is there', async () => {
    await cli.run('kv', 'put', 'secret/r', 'a=1')
    const table = await cli.run('read', 'secret/data/r')
    expect(table.stdout).toMatch(/^Key +Value\n-+ +-+\ndata +map\[a:1\]\nmetadata +map\[created_time:\S+ custom_metadata:<nil> deletion_time: destroyed:false version:1\]\n$/)
    expect((await cli.run('read', '-field=data', 'secret/data/r')).stdout).toBe('map[a:1]')
    expect(JSON.parse((await cli.run('read', '-format=json', 'secret/data/r')).stdout)).toMatchObject({ data: { data: { a: '1' } } })
    expect(await cli.run('read', 'secret/data/none')).toEqual({ code: 2, stdout: '', stderr: 'No value found at secret/data/none\n' })
    const raw = await cli.run('read', '-format=raw', 'secret/data/r')
    expect(raw.stdout.endsWith('}\n')).toBe(true)
    expect(JSON.parse(raw.stdout)).toMatchObject({ data: { data: { a: '1' } }, mount_type: 'kv' }) // the body as sent
    expect(await cli.run('read')).toEqual({ code: 1, stdout: '', stderr: 'Not enough arguments (expected 1, got 0)\n' })
  })

  it('passes key=value as query parameters on read', async () => {
    await cli.run('kv', 'put', 'secret/r', 'a=2')
    expect((await cli.run('read', '-field=data', 'secret/data/r', 'version=1')).stdout).toBe('map[a:1]')
  })

  it('lists keys, and deletes', async () => {
    await cli.run('kv', 'put', 'secret/l/one', 'a=1')
    await cli.run('kv', 'put', 'secret/l/two', 'a=1')
    expect((await cli.run('list', 'secret/metadata/l')).stdout).toBe('Keys\n----\none\ntwo\n')
    expect(await cli.run('list', '-limit=1', 'secret/metadata/l')).toMatchObject({ code: 1, stderr: 'flag provided but not defined: -limit\n' }) // OpenBao's, not vault's
    await cli.run('kv', 'metadata', 'delete', 'secret/l/two')
    expect(await cli.run('list', 'secret/metadata/nothing')).toEqual({ code: 2, stdout: '', stderr: 'No value found at secret/metadata/nothing\n' })
    expect(await cli.run('list', '-format=json', 'secret/metadata/nothing')).toEqual({ code: 2, stdout: '{}\n', stderr: '' })
    expect(await cli.run('delete', 'secret/metadata/l/one')).toEqual({ code: 0, stdout: 'Success! Data deleted (if it existed) at: secret/metadata/l/one\n', stderr: '' })
    expect((await cli.run('list', 'secret/metadata/l')).code).toBe(2)
  })
})

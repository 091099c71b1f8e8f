import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { emulatorWithCli } from '../../../../test/helpers/vault-cli.js'

const env = emulatorWithCli()
const cli = { run: (...args: string[]) => env.root.run(...args) }

describe('vault secrets (lesson Part 4)', () => {
  it('enable -path=kv2 kv-v2 mounts kv version 2; list shows it; disable removes it', async () => {
    expect(await cli.run('secrets', 'enable', '-path=kv2', '-description=app secrets', 'kv-v2')).toEqual({ code: 0, stdout: 'Success! Enabled the kv-v2 secrets engine at: kv2/\n', stderr: '' })
    expect(await cli.run('secrets', 'enable', 'transit')).toEqual({ code: 0, stdout: 'Success! Enabled the transit secrets engine at: transit/\n', stderr: '' })
    const list = await cli.run('secrets', 'list')
    expect(list.stdout.split('\n').slice(0, 2)).toEqual(['Path          Type         Accessor              Description', '----          ----         --------              -----------'])
    expect(list.stdout).toMatch(/\nkv2\/ +kv +kv_\w+ +app secrets\n/)
    expect((await cli.run('secrets', 'list', '-detailed')).stdout).toMatch(/\nkv2\/ +kv +kv_\w+ +system +system +false +replicated +false +false +map\[version:2\] +app secrets /)
    const json = JSON.parse((await cli.run('secrets', 'list', '-format=json')).stdout) as Record<string, { type: string; options: Record<string, string> }>
    expect(json['kv2/']).toMatchObject({ type: 'kv', options: { version: '2' } })
    expect(await cli.run('secrets', 'disable', 'kv2')).toEqual({ code: 0, stdout: 'Success! Disabled the secrets engine (if it existed) at: kv2/\n', stderr: '' })
    expect((await cli.run('secrets', 'list')).stdout).not.toContain('kv2/')
  })

  it('reports a duplicate mount with the server error', async () => {
    const r = await cli.run('secrets', 'enable', 'transit')
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/^Error enabling: Error making API request\.\n\nURL: POST http:\/\/127\.0\.0\.1:\d+\/v1\/sys\/mounts\/transit\nCode: 400\. Errors:\n\n\* path is already in use at transit\/\n$/)
  })
})

describe('vault auth (lesson Part 5)', () => {
  it('enable approle and userpass at a custom path, then list', async () => {
    expect(await cli.run('auth', 'enable', 'approle')).toEqual({ code: 0, stdout: 'Success! Enabled approle auth method at: approle/\n', stderr: '' })
    expect(await cli.run('auth', 'enable', '-path=people', 'userpass')).toEqual({ code: 0, stdout: 'Success! Enabled userpass auth method at: people/\n', stderr: '' })
    const list = await cli.run('auth', 'list')
    expect(list.stdout.split('\n')[0]).toMatch(/^Path +Type +Accessor +Description +Version$/)
    expect(list.stdout).toMatch(/\npeople\/ +userpass +auth_userpass_\w+ +n\/a +n\/a\n/)
    expect(list.stdout).toMatch(/\ntoken\/ +token +auth_token_\w+ +token based credentials +n\/a\n/)
    expect(await cli.run('auth', 'disable', 'people')).toEqual({ code: 0, stdout: 'Success! Disabled the auth method (if it existed) at: people/\n', stderr: '' })
  })
})

describe('vault audit (lesson Part 11)', () => {
  it('enable file file_path=..., list, list -detailed, disable', async () => {
    expect(await cli.run('audit', 'list')).toEqual({ code: 0, stdout: 'No audit devices are enabled.\n', stderr: '' })
    const logFile = join(mkdtempSync(join(tmpdir(), 'vault-audit-')), 'audit.log')
    expect(await cli.run('audit', 'enable', 'file', `file_path=${logFile}`)).toEqual({ code: 0, stdout: 'Success! Enabled the file audit device at: file/\n', stderr: '' })
    expect((await cli.run('audit', 'list')).stdout).toBe('Path     Type    Description\n----     ----    -----------\nfile/    file    n/a\n')
    expect((await cli.run('audit', 'list', '-detailed')).stdout).toContain(`\nfile/    file    n/a            replicated     file_path=${logFile}\n`)
    expect(await cli.run('audit', 'disable', 'file')).toEqual({ code: 0, stdout: 'Success! Disabled audit device (if it was enabled) at: file/\n', stderr: '' })
    expect(await cli.run('audit', 'enable')).toEqual({ code: 1, stdout: '', stderr: "Error enabling audit device: audit type missing. Valid types include 'file', 'socket' and 'syslog'.\n" })
  })
})

/**
 * The lesson's Part 11 over real HTTP with node-vault: enable a file audit
 * device, read a secret, find the leaked value in the log with audit-hash.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import nodeVault from 'node-vault'
import { startVaultEmulator } from 'vault-emu'
import type { AuditLogEntry, VaultEmulator } from 'vault-emu'

let vault: VaultEmulator
let root: nodeVault.client
let dir: string

beforeAll(async () => {
  vault = await startVaultEmulator({ port: 0 })
  root = nodeVault({ endpoint: vault.addr, token: vault.rootToken })
  dir = mkdtempSync(join(tmpdir(), 'vault-emu-audit-http-'))
})

afterAll(async () => {
  await vault.stop()
  rmSync(dir, { recursive: true, force: true })
})

it('logs HTTP requests to a file device; audit-hash finds a leaked value', async () => {
  const file = join(dir, 'audit.log')
  await root.enableAudit({ name: 'file', type: 'file', options: { file_path: file } })
  const listed = (await root.audits()) as Record<string, unknown>
  expect(listed['file/']).toEqual({ description: '', local: false, options: { file_path: file }, path: 'file/', type: 'file' })

  await root.write('secret/data/app', { data: { password: 'leaked-in-git' } })
  const read = (await root.read('secret/data/app')) as { data: { data: { password: string } } }
  expect(read.data.data.password).toBe('leaked-in-git')
  const { hash } = (await root.write('sys/audit-hash/file', { input: 'leaked-in-git' })) as { hash: string }

  const text = readFileSync(file, 'utf8')
  expect(text).not.toContain('leaked-in-git')
  const entries = text.trim().split('\n').map((line) => JSON.parse(line) as AuditLogEntry)
  const served = entries.filter((e) => e.type === 'response' && e.request?.path === 'secret/data/app' && e.request.operation === 'read')
  expect(served).toHaveLength(1)
  expect(served[0]?.response?.data?.['data']).toEqual({ password: hash })
  expect(served[0]?.request?.remote_address).toBe('127.0.0.1')
  expect(served[0]?.request?.remote_port).toEqual(expect.any(Number))

  await root.disableAudit({ name: 'file' })
  expect(await root.audits()).not.toHaveProperty('file/')
})

import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ConfigError } from './config-error.js'
import { loadConfig, readConfig } from './read-config.js'

function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'vault-emu-read-'))
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true })
    writeFileSync(join(dir, name), text)
  }
  return dir
}

describe('readConfig', () => {
  it('reads the config, policies and roles, interpolating variables', () => {
    const dir = folder({
      'vault.config.yaml': 'server:\n  root_token: ${TOKEN:-fallback}\n  host: ${HOST}\n',
      'policies/app.hcl': 'path "secret/data/app" { capabilities = ["read"] }\n',
      'roles/r.yaml': '- mount: auth/approle\n  kind: role\n  name: ci\n  token_policies: [app]\n',
    })
    const loaded = readConfig(dir, { HOST: '0.0.0.0' }, dir)
    expect(loaded.diagnostics).toEqual([])
    expect(loaded.config.server).toEqual({ root_token: 'fallback', host: '0.0.0.0' })
    expect(loaded.policies.map((p) => p.name)).toEqual(['app'])
    expect(loaded.roles[0]?.entry).toMatchObject({ mount: 'auth/approle', name: 'ci' })
  })

  it('names file and line of an unset variable', () => {
    const dir = folder({ 'vault.config.yaml': 'server:\n  host: 127.0.0.1\n  root_token: ${NOPE}\n' })
    expect(() => loadConfig(dir, {}, dir)).toThrow(ConfigError)
    expect(() => loadConfig(dir, {}, dir)).toThrow(/^\[vault-emu\] vault\.config\.yaml:3:15: \$\{NOPE\} is not set; export NOPE/)
  })

  it('reports schema errors at the offending key', () => {
    const dir = folder({ 'vault.config.yaml': 'server:\n  port: 8200\n  prot: 8200\nsecrets:\n  db:\n    type: mysql\n' })
    const found = readConfig(dir, {}, dir).diagnostics.map((d) => `${d.file}:${d.line}:${d.col} ${d.message}`)
    expect(found).toEqual(['vault.config.yaml:3:3 server: unknown field "prot"', 'vault.config.yaml:6:11 secrets.db.type: must be equal to one of the allowed values'])
  })

  it('reports YAML syntax errors with a line', () => {
    const dir = folder({ 'roles/x.yaml': '- mount: database\n  kind: [role\n' })
    const [first] = readConfig(dir, {}, dir).diagnostics
    expect(first).toMatchObject({ file: 'roles/x.yaml', rule: 'yaml-syntax' })
  })
})

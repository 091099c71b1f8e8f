// `vault-emu validate` on a generated config with 500 policies and 500 roles (target: under 1 s).
// In-process against the built package; the first HCL parse loads the WASM parser, which is included.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { validateConfig } from '../dist/index.js'

function writeConfig(dir, count) {
  mkdirSync(join(dir, 'policies'))
  mkdirSync(join(dir, 'roles'))
  writeFileSync(join(dir, 'vault.config.yaml'), [
    'secrets:',
    '  secret: { type: kv, options: { version: "2" } }',
    '  database:',
    '    type: database',
    '    connections:',
    '      app: { plugin_name: postgresql-database-plugin, connection_url: "postgresql://{{username}}:{{password}}@db:5432/app", username: admin, password: pw, allowed_roles: ["*"] }',
    'auth:',
    '  approle: { type: approle }',
    '',
  ].join('\n'))
  const roles = []
  for (let i = 0; i < count; i++) {
    writeFileSync(join(dir, 'policies', `app-${i}.hcl`), `path "secret/data/app-${i}/*" {\n  capabilities = ["read", "list"]\n}\npath "database/creds/app-${i}" {\n  capabilities = ["read"]\n}\n`)
    if (i % 2 === 0) {
      roles.push(`- mount: database\n  kind: role\n  name: app-${i}\n  db_name: app\n  creation_statements:\n    - CREATE ROLE "{{name}}" WITH LOGIN PASSWORD '{{password}}' VALID UNTIL '{{expiration}}';\n    - GRANT SELECT ON ALL TABLES IN SCHEMA public TO "{{name}}";\n  revocation_statements:\n    - REVOKE ALL ON ALL TABLES IN SCHEMA public FROM "{{name}}";\n    - DROP ROLE IF EXISTS "{{name}}";\n  default_ttl: 1h\n  max_ttl: 24h\n`)
    } else {
      roles.push(`- mount: auth/approle\n  kind: role\n  name: app-${i}\n  token_policies: [app-${i}, app-${i - 1}]\n  token_ttl: 1h\n  token_max_ttl: 4h\n`)
    }
  }
  writeFileSync(join(dir, 'roles', 'roles.yaml'), roles.join('\n'))
}

export async function validateTime(count = 500) {
  const dir = mkdtempSync(join(tmpdir(), 'vault-emu-bench-validate-'))
  try {
    writeConfig(dir, count)
    const started = performance.now()
    const diagnostics = await validateConfig(dir, { cwd: dir, env: {} })
    const ms = performance.now() - started
    const errors = diagnostics.filter((d) => d.severity === 'error')
    if (errors.length > 0) throw new Error(`the generated config should be valid: ${JSON.stringify(errors.slice(0, 3))}`)
    return { ms, policies: count, roles: count, diagnostics: diagnostics.length }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(await validateTime())

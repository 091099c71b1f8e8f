/**
 * `vault-emu lesson check 3` on the lesson's own agent config (Kubernetes
 * auth through the emulator's fake cluster, a template on database/creds)
 * against an emulator whose database engine drives a real PostgreSQL.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect } from 'vitest'
import { createVaultTest, vaultTest } from '../fixtures/vitest.js'
import type { VaultEmulator } from '../index.js'
import { APP_POLICY as APP_DB_POLICY, configureVault } from '../../test/examples/app/configure-vault.js'
import { checkExercise } from '../../test/helpers/lesson-check.js'

const test = createVaultTest({ postgres: 'embedded', clock: { mode: 'frozen', start: '2030-01-01T00:00:00Z' }, setup: configureVault })

const DB_TEMPLATE = `{{ with secret "database/creds/readonly" }}
DB_USER={{ .Data.username }}
DB_PASS={{ .Data.password }}
{{ end }}`

let cwd: string
beforeAll(async () => {
  cwd = await mkdtemp(join(tmpdir(), 'lesson-3-'))
})
afterAll(async () => {
  await rm(cwd, { recursive: true, force: true })
})

/** The lesson's vault-agent.hcl, with the service-account token in a file and `template` as given. */
async function writeAgentConfig(vault: VaultEmulator, template: { text: string; command?: string }): Promise<void> {
  await writeFile(join(cwd, 'sa-token'), vault.kubernetes.serviceAccountToken({ namespace: 'production', serviceAccount: 'myapp-sa' }))
  await writeFile(join(cwd, 'db.tpl'), template.text)
  await writeFile(
    join(cwd, 'agent.hcl'),
    `auto_auth {
  method "kubernetes" {
    mount_path = "auth/kubernetes"
    config = {
      role = "myapp"
      token_path = "sa-token"
    }
  }
  sink "file" {
    config = {
      path = "/tmp/vault-token"
    }
  }
}

template {
  source      = "db.tpl"
  destination = "/app/config/database.env"
  perms       = 0600
${template.command ? `  command     = "${template.command}"\n` : ''}}

vault {
  address = "https://vault.example.com:8200"
}
`,
  )
}

describe('lesson check 3', () => {
  test('passes the lesson’s agent config: a dynamic secret, re-rendered after the lease, with a command', async ({ vault }) => {
    await writeAgentConfig(vault, { text: DB_TEMPLATE, command: 'pkill -HUP myapp' })
    const result = await checkExercise(vault, 3, { cwd })
    expect(result.failures).toEqual([])
    expect(result.text).toContain('✓ it reads a secret with a lease: database/creds/readonly (3600s)')
    expect(result.text).toMatch(/✓ moved the emulator's clock 3601s forward, past the lease: \d+ lease\(s\) and 1 token\(s\) expired/)
    expect(result.text).toContain('✓ /app/config/database.env re-rendered with new credentials, and its command would run: pkill -HUP myapp (recorded, not run)')
    expect(result.passed).toBe(true)
  })

  test('judges only the templates that read a leased secret when a KV-only template sits beside them', async ({ vault }) => {
    await vault.request('PUT', 'sys/policy/app-db', { data: { policy: `${APP_DB_POLICY}\npath "secret/data/myapp/*" { capabilities = ["read"] }` } })
    await vault.request('POST', 'secret/data/myapp/config', { data: { data: { log_level: 'info' } } })
    await writeAgentConfig(vault, { text: DB_TEMPLATE, command: 'pkill -HUP myapp' })
    await writeFile(
      join(cwd, 'agent.hcl'),
      `${await readFile(join(cwd, 'agent.hcl'), 'utf8')}\ntemplate {\n  contents = "{{ with secret \\"secret/data/myapp/config\\" }}{{ .Data.data.log_level }}{{ end }}"\n  destination = "app.conf"\n}\n`,
    )
    const result = await checkExercise(vault, 3, { cwd })
    expect(result.failures).toEqual([])
    expect(result.text).toContain('✓ first render: /app/config/database.env, app.conf')
    expect(result.text).not.toContain('app.conf re-rendered')
  })

  test('fails a template with only a KV secret: nothing has a lease', async ({ vault }) => {
    await vault.request('POST', 'secret/data/myapp/config', { data: { data: { db_password: 'static' } } })
    await vault.request('PUT', 'sys/policy/app-db', { data: { policy: 'path "secret/data/myapp/*" { capabilities = ["read"] }' } })
    await writeAgentConfig(vault, { text: '{{ with secret "secret/data/myapp/config" }}DB_PASS={{ .Data.data.db_password }}{{ end }}', command: 'pkill -HUP myapp' })
    const result = await checkExercise(vault, 3, { cwd })
    expect(result.passed).toBe(false)
    expect(result.failures).toHaveLength(1)
    expect(result.failures[0]).toContain('no secret the templates read has a lease (secret/data/myapp/config)')
    expect(result.failures[0]).toContain('database/creds/')
  })

  test('fails a template without a command: the file changes, the app is never told', async ({ vault }) => {
    await writeAgentConfig(vault, { text: DB_TEMPLATE })
    const result = await checkExercise(vault, 3, { cwd })
    expect(result.passed).toBe(false)
    expect(result.failures).toHaveLength(1)
    expect(result.failures[0]).toContain('/app/config/database.env re-rendered with new credentials, but it has no command')
    expect(result.failures[0]).toContain('command = "pkill -HUP myapp"')
  })

  test('fails a template on a path the agent’s token may not read, naming the path', async ({ vault }) => {
    await writeAgentConfig(vault, { text: DB_TEMPLATE.replace('readonly', 'readwrite'), command: 'pkill -HUP myapp' })
    const result = await checkExercise(vault, 3, { cwd })
    expect(result.passed).toBe(false)
    expect(result.failures[0]).toContain('never rendered: /app/config/database.env')
    expect(result.failures[0]).toContain('The agent says: database/creds/readwrite: HTTP 403: permission denied')
    expect(result.failures[0]).toContain("The agent's token may not read database/creds/readwrite")
  })

  test('fails an agent whose token from a file dies with the lease, and says why', async ({ vault }) => {
    await writeFile(join(cwd, 'agent-token'), await vault.token({ policies: ['app-db'], ttl: '1h' }))
    await writeFile(
      join(cwd, 'token-file-agent.hcl'),
      `auto_auth {\n  method "token_file" {\n    config = { token_file_path = "agent-token" }\n  }\n}\n` +
        `template {\n  contents = "{{ with secret \\"database/creds/readonly\\" }}{{ .Data.password }}{{ end }}"\n  destination = "db.env"\n  command = "pkill -HUP myapp"\n}\n`,
    )
    const result = await checkExercise(vault, 3, { cwd, configFile: 'token-file-agent.hcl' })
    expect(result.passed).toBe(false)
    expect(result.text).toMatch(/past the lease: \d+ lease\(s\) and 1 token\(s\) expired/)
    expect(result.failures).toHaveLength(1)
    expect(result.failures[0]).toContain('db.env did not render again after the lease expired')
    expect(result.failures[0]).toContain('a token with a TTL dies when the clock passes it')
  })

  test('asks for the root token, which moving the clock needs', async ({ vault }) => {
    await writeAgentConfig(vault, { text: DB_TEMPLATE, command: 'pkill -HUP myapp' })
    const result = await checkExercise(vault, 3, { cwd, token: await vault.token({ policies: ['app-db'] }) })
    expect(result.failures).toHaveLength(1)
    expect(result.failures[0]).toContain('only the root token may do')
  })
})

describe('lesson check 3 without the database engine', () => {
  vaultTest('explains that exercise 3 needs vault-emu up --postgres embedded and database/ configured', async ({ vault }) => {
    const dir = await mkdtemp(join(tmpdir(), 'lesson-3-nodb-'))
    try {
      await writeFile(join(dir, 'agent.hcl'), 'auto_auth {\n  method "token_file" {\n    config = { token_file_path = "t" }\n  }\n}\ntemplate {\n  contents = "x"\n  destination = "out"\n}\n')
      const result = await checkExercise(vault, 3, { cwd: dir })
      expect(result.failures).toHaveLength(1)
      expect(result.failures[0]).toContain('there is no database engine at database/')
      expect(result.failures[0]).toContain('npx vault-emu up --postgres embedded')
      const missing = await checkExercise(vault, 3, { cwd: dir, configFile: 'nope.hcl' })
      expect(missing.failures[0]).toContain('no agent config at nope.hcl')
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
})

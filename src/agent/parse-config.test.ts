import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { AgentConfigError, loadAgentConfig, parseAgentConfig, startAgent } from './index.js'

const APPROLE = `auto_auth {
  method "approle" {
    config = {
      role_id_file_path = "/etc/vault/role-id"
      secret_id_file_path = "/etc/vault/secret-id"
    }
  }
  sink "file" {
    config = { path = "/tmp/vault-token" }
  }
}
`

describe('parseAgentConfig', () => {
  it("reads Vault Agent's settings with Vault Agent's defaults", async () => {
    const config = await parseAgentConfig(
      `vault {\n  address = "http://127.0.0.1:8200"\n}\n${APPROLE}template {\n  source = "db.tpl"\n  destination = "/app/database.env"\n  perms = 0600\n  command = "systemctl reload app"\n}\ntemplate {\n  contents = "x"\n  destination = "out"\n}\n`,
      'agent.hcl',
    )
    expect(config).toEqual({
      file: 'agent.hcl',
      vaultAddress: 'http://127.0.0.1:8200',
      autoAuth: {
        method: { type: 'approle', mountPath: 'auth/approle', roleIdFilePath: '/etc/vault/role-id', secretIdFilePath: '/etc/vault/secret-id', removeSecretIdFileAfterReading: true },
        sinks: [{ path: '/tmp/vault-token', mode: 0o640 }],
      },
      templates: [
        { source: 'db.tpl', destination: '/app/database.env', perms: 0o600, command: 'systemctl reload app', commandTimeoutSeconds: 30, createDestDirs: true },
        { contents: 'x', destination: 'out', perms: 0, commandTimeoutSeconds: 30, createDestDirs: true },
      ],
      staticSecretRenderIntervalSeconds: 300,
      exitAfterAuth: false,
    })
  })

  it('accepts method { type = ... } and config blocks, and fills the Kubernetes defaults', async () => {
    const config = await parseAgentConfig('auto_auth {\n  method {\n    type = "kubernetes"\n    mount_path = "/auth/k8s/"\n    config {\n      role = "myapp"\n    }\n  }\n}\n', 'k8s.hcl')
    expect(config.autoAuth).toEqual({ method: { type: 'kubernetes', mountPath: 'auth/k8s', role: 'myapp', tokenPath: '/var/run/secrets/kubernetes.io/serviceaccount/token' }, sinks: [] })
  })

  it.each([
    ['not HCL', 'auto_auth {\n  method "approle" {\n    config = \n  }\n}', '[vault-emu] agent.hcl:3:14: not valid HCL: Invalid expression; Expected the start of an expression, but found an invalid expression token.'],
    ['no auto_auth', 'vault {\n  address = "http://x"\n}', '[vault-emu] agent.hcl: an "auto_auth" block is required, e.g. auto_auth { method "approle" { ... } sink "file" { ... } }'],
    ['an unknown top-level setting', `${APPROLE}listener "tcp" {\n  address = "127.0.0.1:8100"\n}`, '[vault-emu] agent.hcl: "listener" is not supported by vault-emu agent; remove it (supported here: vault, auto_auth, template, template_config, exit_after_auth, pid_file)'],
    ['an unknown method', 'auto_auth {\n  method "ldap" {\n    config = {}\n  }\n}', '[vault-emu] agent.hcl: auto_auth.method "ldap": method "ldap" is not supported by vault-emu agent; use "approle", "kubernetes" or "token_file"'],
    ['a missing role_id_file_path', 'auto_auth {\n  method "approle" {\n    config = { secret_id_file_path = "s" }\n  }\n}', '[vault-emu] agent.hcl: auto_auth.method "approle".config: "role_id_file_path" is required (the file holding the role ID)'],
    ['a misspelt method setting', 'auto_auth {\n  method "approle" {\n    config = { role_id_path = "r" }\n  }\n}', '[vault-emu] agent.hcl: auto_auth.method "approle".config: "role_id_path" is not supported by vault-emu agent; remove it (supported here: role_id_file_path, secret_id_file_path, remove_secret_id_file_after_reading)'],
    ['a non-file sink', 'auto_auth {\n  method "token_file" {\n    config = { token_file_path = "t" }\n  }\n  sink "console" {\n    config = {}\n  }\n}', '[vault-emu] agent.hcl: auto_auth.sink "console": sink "console" is not supported by vault-emu agent; use sink "file"'],
    ['source and contents together', `${APPROLE}template {\n  source = "a"\n  contents = "b"\n  destination = "c"\n}`, '[vault-emu] agent.hcl: template[0]: give exactly one of "source" (a template file) and "contents" (inline text)'],
    ['a template without destination', `${APPROLE}template {\n  contents = "b"\n}`, '[vault-emu] agent.hcl: template[0]: "destination" is required (the file to render into)'],
    ['bad perms', `${APPROLE}template {\n  contents = "b"\n  destination = "c"\n  perms = "rw-------"\n}`, '[vault-emu] agent.hcl: template[0]: "perms" must be an octal file mode such as "0640"'],
  ])('refuses %s, naming the file, the setting and the fix', async (_what, text, message) => {
    const parsing = parseAgentConfig(text, 'agent.hcl')
    await expect(parsing).rejects.toThrow(AgentConfigError)
    await expect(parsing).rejects.toThrow(message)
  })

  it('loadAgentConfig names an unreadable file', async () => {
    await expect(loadAgentConfig('/nonexistent/agent.hcl')).rejects.toThrow('[vault-emu] /nonexistent/agent.hcl: cannot read the agent config (ENOENT); check the -config path')
  })
})

describe('startAgent refuses what no retry can fix', () => {
  it('an unsupported template feature, naming the template file and line', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'vault-emu-agent-config-'))
    try {
      const source = join(dir, 'app.tpl')
      await writeFile(source, '{{ with secret "kv/data/app" }}\n{{ range $k, $v := .Data.data }}{{ $k }}{{ end }}\n{{ end }}\n')
      const config = await parseAgentConfig(`${APPROLE}template {\n  source = "${source}"\n  destination = "${join(dir, 'out')}"\n}`, 'agent.hcl')
      await expect(startAgent(config, { env: { VAULT_ADDR: 'http://127.0.0.1:1' } })).rejects.toThrow(`[vault-emu] ${source}:2: unsupported action "{{ range $k, $v := .Data.data }}"`)
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })

  it('no Vault address', async () => {
    const config = await parseAgentConfig(APPROLE, 'agent.hcl')
    await expect(startAgent(config, { env: {} })).rejects.toThrow('[vault-emu] agent.hcl: no Vault address: add vault { address = "http://127.0.0.1:8200" } or set VAULT_ADDR')
  })
})

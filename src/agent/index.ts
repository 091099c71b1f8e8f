/**
 * `vault-emu agent`: a Vault Agent for the emulator (and, unchanged, for a real
 * Vault). It reads Vault Agent's HCL config, logs in (`auto_auth`), writes the
 * token sink, renders templates and keeps them fresh.
 *
 * Config settings understood (anything else is refused with the file and setting named):
 * - `vault { address }` (VAULT_ADDR when absent)
 * - `auto_auth { method "approle" { mount_path, config = { role_id_file_path, secret_id_file_path,
 *   remove_secret_id_file_after_reading } } }`, `method "kubernetes" { config = { role, token_path } }`,
 *   `method "token_file" { config = { token_file_path } }`; `sink "file" { config = { path, mode } }`
 * - `template { source | contents, destination, perms, command, command_timeout }`
 * - `template_config { static_secret_render_interval }`, `exit_after_auth`, `pid_file`
 *
 * Consul Template features supported in templates:
 * - `{{ with secret "path" }} ... {{ else }} ... {{ end }}`, and the write form
 *   `{{ with secret "path" "key=value" ... }}` (a PUT with those fields); `{{ with .Field }}`
 *   inside it. Identical secret calls across templates are fetched once.
 * - field chains on the secret: `.Data.field`, `.Data.data.field` (KV v2), `.LeaseID`,
 *   `.LeaseDuration`, `.Renewable`, `.Warnings`; a missing key prints `<no value>` as Go does
 * - `{{- ... -}}` whitespace trimming and `{{/* comments *\/}}`
 * Anything else (`range`, `if`, pipes, functions other than `secret`) is an error naming the
 * template file and line.
 *
 * Timing: leases are renewed at two thirds of their TTL, as is the agent's token. A lease
 * whose renewal is refused, or that reached its max TTL, is fetched anew at two thirds of
 * what is left; the template is re-rendered and its `command` run (`sh -c`) when the text
 * changed. Secrets without a lease (KV) are re-read every `static_secret_render_interval`
 * (default 5m). Against the emulator (found by probing `/_emu/clock`; a real Vault answers
 * 404) the agent sleeps on the virtual clock through `GET /_emu/clock/wait`, so
 * `vault.clock.advance('1h')` drives it; against a real Vault it uses wall-clock timers.
 *
 * @example
 * const config = await loadAgentConfig('agent.hcl')
 * for (const t of config.templates) t.destination = join(tmp, basename(t.destination))
 * const agent = await startAgent(config, { env: { VAULT_ADDR: vault.addr } })
 * await agent.waitFor((e) => e.type === 'render')
 * await vault.clock.advance('25h')
 * await agent.stop()
 */
export { parseAgentConfig, loadAgentConfig } from './parse-config.js'
export { AgentConfigError } from './config-error.js'
export { startAgent } from './agent.js'
export type { AgentConfig, AppRoleMethod, AutoAuthMethod, FileSink, KubernetesMethod, TemplateConfig, TokenFileMethod } from './config-types.js'
export type { AgentEvent, RunningAgent, StartAgentOptions } from './agent-types.js'

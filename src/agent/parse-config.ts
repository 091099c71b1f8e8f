/**
 * Vault Agent's config file (HCL) → {@link AgentConfig}. The text goes through
 * `@cdktf/hcl2json`; this module checks the JSON shape and names the file and
 * the setting in every error. Only the settings the agent acts on are accepted:
 * anything else is refused, so a config never silently does less than it says.
 */
import { readFile } from 'node:fs/promises'
import type { AgentConfig, AutoAuthMethod, FileSink, TemplateConfig } from './config-types.js'
import { AgentConfigError } from './config-error.js'
import { parseDurationSeconds } from '../emulator/core/duration.js'

type Json = Record<string, unknown>

const DEFAULT_K8S_TOKEN_PATH = '/var/run/secrets/kubernetes.io/serviceaccount/token'

/** Loaded on first use: the WASM parser costs ~100 ms to start. */
let hcl: Promise<typeof import('@cdktf/hcl2json')> | undefined

class Settings {
  constructor(
    readonly file: string,
    readonly where: string,
    readonly body: Json,
  ) {}

  fail(message: string): never {
    throw new AgentConfigError(`${this.file}: ${this.where ? `${this.where}: ` : ''}${message}`)
  }

  only(allowed: readonly string[]): void {
    const unknown = Object.keys(this.body).filter((k) => !allowed.includes(k))
    if (unknown.length > 0) {
      this.fail(`"${unknown[0]}" is not supported by vault-emu agent; remove it (supported here: ${allowed.join(', ') || 'nothing'})`)
    }
  }

  string(key: string): string | undefined {
    const v = this.body[key]
    if (v === undefined) return undefined
    if (typeof v !== 'string' || v === '') this.fail(`"${key}" must be a non-empty string`)
    return v
  }

  requiredString(key: string, hint: string): string {
    return this.string(key) ?? this.fail(`"${key}" is required (${hint})`)
  }

  bool(key: string, fallback: boolean): boolean {
    const v = this.body[key]
    if (v === undefined) return fallback
    if (v === true || v === 'true') return true
    if (v === false || v === 'false') return false
    return this.fail(`"${key}" must be true or false`)
  }

  /** `0640`, `"0640"` and `640` all mean rw-r-----: HCL has no octal literals, so the digits are read as octal. */
  mode(key: string, fallback: number): number {
    const v = this.body[key]
    if (v === undefined) return fallback
    const digits = String(v)
    if (!/^[0-7]{1,5}$/.test(digits) || parseInt(digits, 8) > 0o7777) this.fail(`"${key}" must be an octal file mode such as "0640"`)
    return parseInt(digits, 8)
  }

  seconds(key: string, fallback: number): number {
    const v = this.body[key]
    if (v === undefined) return fallback
    try {
      if (typeof v !== 'string' && typeof v !== 'number') throw new Error()
      return parseDurationSeconds(v)
    } catch {
      return this.fail(`"${key}" must be a duration such as "5m" or 300`)
    }
  }

  /** A block written once (`vault { }`) or an object attribute (`config = { }`). */
  section(key: string): Settings | undefined {
    const v = this.body[key]
    if (v === undefined) return undefined
    const items = Array.isArray(v) ? v : [v]
    if (items.length !== 1 || !isObject(items[0])) this.fail(`"${key}" must be given once, as a block`)
    return new Settings(this.file, this.where ? `${this.where}.${key}` : key, items[0] as Json)
  }

  /** Every `key { }` block (unlabelled). */
  blocks(key: string): Settings[] {
    const v = this.body[key]
    if (v === undefined) return []
    const items = Array.isArray(v) ? v : [v]
    return items.map((item, i) => {
      if (!isObject(item)) this.fail(`"${key}" must be a block`)
      return new Settings(this.file, `${this.where ? `${this.where}.` : ''}${key}[${i}]`, item)
    })
  }

  /** Every `key "label" { }` block, and `key { type = "label" }`, with its label. */
  labelled(key: string): Array<{ label: string; settings: Settings }> {
    const v = this.body[key]
    if (v === undefined) return []
    const prefix = this.where ? `${this.where}.` : ''
    if (Array.isArray(v)) {
      return v.map((item) => {
        if (!isObject(item) || typeof item['type'] !== 'string') this.fail(`"${key}" needs a type, e.g. ${key} "file" { ... }`)
        const { type, ...rest } = item
        return { label: type as string, settings: new Settings(this.file, `${prefix}${key} "${type as string}"`, rest) }
      })
    }
    if (!isObject(v)) this.fail(`"${key}" must be a block`)
    return Object.entries(v).flatMap(([label, items]) =>
      (Array.isArray(items) ? items : [items]).map((item) => {
        if (!isObject(item)) this.fail(`"${key} "${label}"" must be a block`)
        return { label, settings: new Settings(this.file, `${prefix}${key} "${label}"`, item) }
      }),
    )
  }
}

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

function mountPath(s: Settings, type: string): string {
  return (s.string('mount_path') ?? `auth/${type}`).replace(/^\/+|\/+$/g, '')
}

function readMethod(auto: Settings): AutoAuthMethod {
  const methods = auto.labelled('method')
  if (methods.length !== 1) auto.fail(`exactly one method block is needed (found ${methods.length}), e.g. method "approle" { config = { role_id_file_path = "..." } }`)
  const { label, settings } = methods[0]!
  settings.only(['config', 'mount_path', 'namespace'])
  if (settings.body['namespace'] !== undefined) settings.fail('"namespace" is not supported by vault-emu agent (the emulator has no namespaces); remove it')
  const config = settings.section('config') ?? settings.fail('a "config" block is required')
  switch (label) {
    case 'approle': {
      config.only(['role_id_file_path', 'secret_id_file_path', 'remove_secret_id_file_after_reading'])
      const secretIdFilePath = config.string('secret_id_file_path')
      return {
        type: 'approle',
        mountPath: mountPath(settings, 'approle'),
        roleIdFilePath: config.requiredString('role_id_file_path', 'the file holding the role ID'),
        ...(secretIdFilePath ? { secretIdFilePath } : {}),
        removeSecretIdFileAfterReading: config.bool('remove_secret_id_file_after_reading', true),
      }
    }
    case 'kubernetes':
      config.only(['role', 'token_path'])
      return {
        type: 'kubernetes',
        mountPath: mountPath(settings, 'kubernetes'),
        role: config.requiredString('role', 'the Vault role to log in as'),
        tokenPath: config.string('token_path') ?? DEFAULT_K8S_TOKEN_PATH,
      }
    case 'token_file':
      config.only(['token_file_path'])
      return { type: 'token_file', tokenFilePath: config.requiredString('token_file_path', 'the file holding a Vault token') }
    default:
      return settings.fail(`method "${label}" is not supported by vault-emu agent; use "approle", "kubernetes" or "token_file"`)
  }
}

function readSinks(auto: Settings): FileSink[] {
  return auto.labelled('sink').map(({ label, settings }) => {
    if (label !== 'file') settings.fail(`sink "${label}" is not supported by vault-emu agent; use sink "file"`)
    settings.only(['config'])
    const config = settings.section('config') ?? settings.fail('a "config" block with a "path" is required')
    config.only(['path', 'mode'])
    return { path: config.requiredString('path', 'where to write the token'), mode: config.mode('mode', 0o640) }
  })
}

function readTemplate(t: Settings): TemplateConfig {
  t.only(['source', 'contents', 'destination', 'perms', 'command', 'command_timeout', 'create_dest_dirs'])
  const source = t.string('source')
  const contents = t.body['contents']
  if (contents !== undefined && typeof contents !== 'string') t.fail('"contents" must be a string')
  if ((source === undefined) === (contents === undefined)) t.fail('give exactly one of "source" (a template file) and "contents" (inline text)')
  const command = t.body['command']
  let commandLine: string | undefined
  if (typeof command === 'string' && command !== '') commandLine = command
  else if (Array.isArray(command) && command.length > 0 && command.every((c) => typeof c === 'string')) commandLine = command.join(' ')
  else if (command !== undefined) t.fail('"command" must be a string (run with sh -c)')
  return {
    ...(source !== undefined ? { source } : {}),
    ...(contents !== undefined ? { contents } : {}),
    destination: t.requiredString('destination', 'the file to render into'),
    perms: t.mode('perms', 0), // 0: unset (keep the existing file's mode, else 0644)
    ...(commandLine ? { command: commandLine } : {}),
    commandTimeoutSeconds: t.seconds('command_timeout', 30),
    createDestDirs: t.bool('create_dest_dirs', true),
  }
}

/** `parse config: [agent.hcl:3,1-2: Summary; Detail.]` → `agent.hcl:3:1: Summary; Detail.` */
function describeHclError(file: string, message: string): AgentConfigError {
  const m = /:(\d+),(\d+)(?:-[\d,]+)?: ([\s\S]*?)(?:\s+\S+:\d+,\d+[\s\S]*)?\]?$/.exec(message)
  if (!m) return new AgentConfigError(`${file}: not valid HCL: ${message.replace(/^parse config: /, '')}`)
  return new AgentConfigError(`not valid HCL: ${m[3]!.replace(/\]$/, '')}`, { file, line: Number(m[1]), col: Number(m[2]) })
}

/**
 * Parse the text of a Vault Agent config file. `file` names it in errors.
 *
 * @throws {AgentConfigError} for HCL syntax errors (with line and column) and
 *   for missing, wrong or unsupported settings (naming the setting and the fix).
 * @example
 * const config = await parseAgentConfig(text, 'agent.hcl')
 * config.templates[0].destination = join(tmp, 'database.env')
 */
export async function parseAgentConfig(text: string, file: string): Promise<AgentConfig> {
  hcl ??= import('@cdktf/hcl2json')
  const { parse } = await hcl
  let raw: unknown
  try {
    raw = await parse(file, text)
  } catch (err) {
    throw describeHclError(file, err instanceof Error ? err.message : String(err))
  }
  const top = new Settings(file, '', isObject(raw) ? raw : {})
  top.only(['vault', 'auto_auth', 'template', 'template_config', 'exit_after_auth', 'pid_file'])
  const vault = top.section('vault')
  vault?.only(['address'])
  const auto = top.section('auto_auth') ?? top.fail('an "auto_auth" block is required, e.g. auto_auth { method "approle" { ... } sink "file" { ... } }')
  auto.only(['method', 'sink'])
  const templateConfig = top.section('template_config')
  templateConfig?.only(['static_secret_render_interval', 'exit_on_retry_failure'])
  const address = vault?.string('address')
  const pidFile = top.string('pid_file')
  return {
    file,
    ...(address ? { vaultAddress: address } : {}),
    autoAuth: { method: readMethod(auto), sinks: readSinks(auto) },
    templates: top.blocks('template').map(readTemplate),
    staticSecretRenderIntervalSeconds: templateConfig?.seconds('static_secret_render_interval', 300) ?? 300,
    exitAfterAuth: top.bool('exit_after_auth', false),
    ...(pidFile ? { pidFile } : {}),
  }
}

/**
 * Read and parse a Vault Agent config file.
 *
 * @example
 * const config = await loadAgentConfig('agent.hcl')
 */
export async function loadAgentConfig(path: string): Promise<AgentConfig> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (err) {
    const code = (err as { code?: string }).code
    throw new AgentConfigError(`${path}: cannot read the agent config (${code ?? String(err)}); check the -config path`)
  }
  return parseAgentConfig(text, path)
}

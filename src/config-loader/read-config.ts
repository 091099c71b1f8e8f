/**
 * Reads a config folder (or file, or object): `vault.config.yaml`, `policies/*.hcl`
 * and `roles/*.yaml`. Syntax, interpolation and schema problems are collected
 * as {@link Diagnostic}s; nothing talks to Vault here.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { basename, dirname, join, relative, resolve } from 'node:path'
import { stringify } from 'yaml'
import { ConfigError } from './config-error.js'
import type { SourcePosition } from './config-error.js'
import type { Diagnostic } from './diagnostic.js'
import { interpolateDocument } from './interpolate.js'
import type { Variables } from './interpolate.js'
import { checkSchema } from './schema-check.js'
import type { SchemaName } from './schema-check.js'
import type { RoleEntry, VaultConfig } from './types.js'
import { parseYamlSource } from './yaml-source.js'
import type { YamlSource } from './yaml-source.js'

export const CONFIG_FILE = 'vault.config.yaml'

export interface PolicyFile {
  name: string
  file: string
  text: string
}

export interface LoadedRole {
  entry: RoleEntry
  source: YamlSource
  index: number
}

export interface LoadedConfig {
  /** Folder that relative paths are resolved against. */
  dir: string
  config: VaultConfig
  /** The parsed vault.config.yaml; undefined for an object config. */
  source: YamlSource | undefined
  policies: PolicyFile[]
  roles: LoadedRole[]
  diagnostics: Diagnostic[]
}

/**
 * Variables the emulator fills in at start-up (its own address, its fake cluster, ...);
 * reading leaves them as written.
 */
export const EMULATOR_VARIABLES = ['VAULT_EMU_ADDR', 'VAULT_EMU_KUBERNETES_HOST'] as const

/** Where `input` (a folder, a file or an object) is, and its config. */
export function readConfig(input: string | VaultConfig, env: Variables = process.env, cwd = process.cwd()): LoadedConfig {
  const diagnostics: Diagnostic[] = []
  const vars: Record<string, string | undefined> = { ...env }
  for (const name of EMULATOR_VARIABLES) vars[name] ??= `\${${name}}`
  let dir = cwd
  let config: VaultConfig = {}
  let source: YamlSource | undefined
  if (typeof input === 'string') {
    const path = resolve(cwd, input)
    if (!existsSync(path)) throw new ConfigError(`${input} does not exist; pass a folder holding ${CONFIG_FILE}, or the file itself`)
    const file = statSync(path).isDirectory() ? join(path, CONFIG_FILE) : path
    dir = dirname(file)
    if (existsSync(file)) {
      const parsed = parseFile(file, cwd, 'vault-config', vars, diagnostics)
      source = parsed?.source
      if (parsed && isObject(parsed.value)) config = parsed.value as VaultConfig
    }
  } else {
    config = input
    source = parseYamlSource('(config object)', stringify(input))
    diagnostics.push(...checkSchema('vault-config', input, source))
  }
  // An object config reads folders only when it names them: the cwd's policies/ is not its business.
  const fromFiles = typeof input === 'string'
  const policyDir = config.policies ?? (fromFiles ? 'policies' : undefined)
  const roleDir = config.roles ?? (fromFiles ? 'roles' : undefined)
  const policies = policyDir === undefined ? [] : readPolicies(resolve(dir, policyDir), cwd)
  const roles = roleDir === undefined ? [] : readRoles(resolve(dir, roleDir), cwd, vars, diagnostics)
  return { dir, config, source, policies, roles, diagnostics }
}

/** Like {@link readConfig}, but the first problem throws a {@link ConfigError}. */
export function loadConfig(input: string | VaultConfig, env: Variables = process.env, cwd = process.cwd()): LoadedConfig {
  const loaded = readConfig(input, env, cwd)
  const first = loaded.diagnostics.find((d) => d.severity === 'error')
  if (first) {
    const more = loaded.diagnostics.length > 1 ? ` (${loaded.diagnostics.length - 1} more problems: run "vault-emu validate")` : ''
    throw new ConfigError(`${first.message}; ${first.fix}${more}`, first)
  }
  return loaded
}

function parseFile(file: string, cwd: string, schema: SchemaName, vars: Variables, diagnostics: Diagnostic[]): { source: YamlSource; value: unknown } | undefined {
  const shown = relative(cwd, file) || file
  const text = readFileSync(file, 'utf8')
  let source: YamlSource
  try {
    source = parseYamlSource(shown, text)
  } catch (err) {
    diagnostics.push(fromError(err, { file: shown, line: 1, col: 1 }, 'yaml-syntax', 'fix the YAML syntax'))
    return undefined
  }
  try {
    interpolateDocument(source, vars)
  } catch (err) {
    diagnostics.push(fromError(err, { file: shown, line: 1, col: 1 }, 'interpolation', 'set the variable or give a default'))
    return { source, value: undefined }
  }
  const value: unknown = source.doc.toJS()
  diagnostics.push(...checkSchema(schema, value ?? (schema === 'roles' ? [] : {}), source))
  return { source, value }
}

function fromError(err: unknown, fallback: SourcePosition, rule: string, fix: string): Diagnostic {
  if (err instanceof ConfigError && err.position) {
    const message = err.message.replace(/^\[vault-emu\] [^ ]+: /, '').replace(/; [^;]*$/, '')
    const tail = /; ([^;]*)$/.exec(err.message)?.[1] ?? fix
    return { ...err.position, rule, severity: 'error', message, fix: tail }
  }
  return { ...fallback, rule, severity: 'error', message: err instanceof Error ? err.message : String(err), fix }
}

function readPolicies(dir: string, cwd: string): PolicyFile[] {
  if (!existsSync(dir)) return []
  return readdirSync(dir)
    .filter((f) => f.endsWith('.hcl'))
    .sort()
    .map((f) => {
      const file = join(dir, f)
      return { name: basename(f, '.hcl'), file: relative(cwd, file) || file, text: readFileSync(file, 'utf8') }
    })
}

function readRoles(dir: string, cwd: string, vars: Variables, diagnostics: Diagnostic[]): LoadedRole[] {
  if (!existsSync(dir)) return []
  const roles: LoadedRole[] = []
  for (const f of readdirSync(dir).filter((n) => /\.ya?ml$/.test(n)).sort()) {
    const parsed = parseFile(join(dir, f), cwd, 'roles', vars, diagnostics)
    if (!parsed || !Array.isArray(parsed.value)) continue
    parsed.value.forEach((entry: unknown, index) => {
      if (isObject(entry) && typeof entry['mount'] === 'string' && typeof entry['kind'] === 'string' && typeof entry['name'] === 'string') {
        roles.push({ entry: entry as RoleEntry, source: parsed.source, index })
      }
    })
  }
  return roles
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}


/**
 * `vault-emu validate`: every check that needs no server and no database —
 * YAML and schema, HCL, references, TTLs, duplicates and the lint rules —
 * as a sorted list of diagnostics.
 *
 * @example
 * const diagnostics = await validateConfig('.')
 * const failed = diagnostics.some((d) => d.severity === 'error')
 */
import { policySyntax, references, ttls } from './checks.js'
import type { Diagnostic } from './diagnostic.js'
import type { Variables } from './interpolate.js'
import { lineCol, scanPolicyBlocks } from './lint/policy-blocks.js'
import { LINT_RULES } from './lint/rules.js'
import type { LintContext, LintPolicy } from './lint/types.js'
import { kvVersion, mountType } from './plan.js'
import { readConfig } from './read-config.js'
import type { LoadedConfig } from './read-config.js'
import { trimSlashes } from './role-kinds.js'
import { suppressed } from './suppress.js'

export interface ValidateOptions {
  env?: Variables
  cwd?: string
  /** Rule ids to leave out (as `# vault-emu-lint-disable` does per file). */
  disable?: readonly string[]
}

export async function validateConfig(input: string, options: ValidateOptions = {}): Promise<Diagnostic[]> {
  return validateLoaded(readConfig(input, options.env ?? process.env, options.cwd ?? process.cwd()), options)
}

/** The checks of {@link validateConfig} on a config already read (live reload validates what it applies). */
export async function validateLoaded(loaded: LoadedConfig, options: Pick<ValidateOptions, 'disable'> = {}): Promise<Diagnostic[]> {
  const context = lintContext(loaded)
  const found: Diagnostic[] = [...loaded.diagnostics, ...(await policySyntax(context)), ...references(context), ...ttls(context)]
  for (const rule of LINT_RULES) {
    for (const finding of rule.check(context)) found.push({ ...finding, rule: rule.id, severity: rule.severity })
  }
  const texts = new Map<string, string>()
  for (const p of loaded.policies) texts.set(p.file, p.text)
  for (const r of loaded.roles) texts.set(r.source.file, r.source.text)
  if (loaded.source) texts.set(loaded.source.file, loaded.source.text)
  const disabled = new Set(options.disable ?? [])
  return found
    .filter((d) => !disabled.has(d.rule) && !suppressed(d, texts.get(d.file)))
    .sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.col - b.col || a.rule.localeCompare(b.rule))
}

function lintContext(loaded: ReturnType<typeof readConfig>): LintContext {
  const secrets = Object.fromEntries(Object.entries(loaded.config.secrets ?? {}).map(([k, v]) => [trimSlashes(k), v]))
  const kvV2Mounts = new Set(Object.entries(secrets).filter(([, m]) => kvVersion(m) === '2').map(([k]) => k))
  // Dev mode mounts secret/ as KV v2 unless the config says otherwise.
  if (!('secret' in secrets)) kvV2Mounts.add('secret')
  const mountPaths = new Set([...Object.keys(secrets), ...Object.keys(loaded.config.auth ?? {}).map((k) => `auth/${trimSlashes(k)}`), 'secret', 'cubbyhole', 'identity', 'auth/token'])
  const policies: LintPolicy[] = loaded.policies.map((p) => ({ ...p, blocks: scanPolicyBlocks(p.text) }))
  return {
    loaded,
    policies,
    kvV2Mounts,
    mountPaths,
    mountTypeOf: (mount) => (trimSlashes(mount) === 'secret' && !('secret' in secrets) ? 'kv' : mountType(loaded, mount)),
    atPolicy: (policy, offset, text) => ({ file: policy.file, ...lineCol(policy.text, offset), ...text }),
    atRole: (role, path, text) => ({ ...role.source.positionOf([role.index, ...path]), ...text }),
  }
}

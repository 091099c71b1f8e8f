/** What a lint rule sees and what it is. */
import type { Diagnostic, Severity } from '../diagnostic.js'
import type { LoadedConfig, LoadedRole, PolicyFile } from '../read-config.js'
import type { PolicyBlock } from './policy-blocks.js'

export interface LintPolicy extends PolicyFile {
  blocks: PolicyBlock[]
}

export interface LintContext {
  loaded: LoadedConfig
  policies: LintPolicy[]
  /** Mount paths (no slashes) of KV v2 engines. */
  kvV2Mounts: Set<string>
  /** Every mount path a policy may address (secret engines and `auth/<path>`). */
  mountPaths: Set<string>
  /** Mount type of a role's `mount`, or undefined. */
  mountTypeOf(mount: string): string | undefined
  /** A finding at a policy offset. */
  atPolicy(policy: LintPolicy, offset: number, text: FindingText): Finding
  /** A finding at a role field (or the role itself with `[]`). */
  atRole(role: LoadedRole, path: (string | number)[], text: FindingText): Finding
}

/** A diagnostic before its rule id and severity are attached. */
export type Finding = Omit<Diagnostic, 'rule' | 'severity'>
export interface FindingText {
  message: string
  fix: string
}

export interface LintRule {
  id: string
  severity: Severity
  /** Why the rule exists, one line. */
  rationale: string
  check(context: LintContext): Finding[]
}

/** A role's list field as strings (`[a, b]` or `"a,b"`). */
export function listField(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String)
  if (typeof value === 'string') return value.split(',').map((s) => s.trim()).filter((s) => s !== '')
  return []
}

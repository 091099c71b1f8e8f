/**
 * Policy text → Policy: the rules of each `path` block, in file order, with
 * legacy `policy = "..."` expanded. Same checks and messages as Vault.
 */
import type { Capability } from './capability.js'
import { formatMultiError, onLine, policyParseError } from './parse-error.js'
import { parseRule } from './parse-rule.js'
import { isPlainObject, readPolicySource } from './policy-source.js'
import { findKeyLine, findPathHeader } from './text-locate.js'

export { PolicyParseError } from './parse-error.js'

export interface PolicyRule {
  /** As written, e.g. "secret/data/+/config" or "secret/*". */
  path: string
  /** After expanding legacy `policy = "read"` etc.; `["deny"]` alone when denied. */
  capabilities: Capability[]
  /** Parameter names lower-cased. */
  allowedParameters?: Record<string, unknown[]>
  deniedParameters?: Record<string, unknown[]>
  requiredParameters?: string[]
  /** Seconds. */
  minWrappingTtl?: number
  maxWrappingTtl?: number
}

export interface Policy {
  name: string
  text: string
  rules: PolicyRule[]
}

const TOP_LEVEL_KEYS: ReadonlySet<string> = new Set(['name', 'path'])

export async function parsePolicy(name: string, text: string): Promise<Policy> {
  const { root, json } = await readPolicySource(text)

  const invalid = Object.keys(root).filter((k) => !TOP_LEVEL_KEYS.has(k))
  if (invalid.length > 0) {
    const errors = invalid
      .map((k) => ({ k, line: findKeyLine(text, k, 0, json) }))
      .sort((a, b) => (a.line ?? 0) - (b.line ?? 0))
      .map(({ k, line }) => `invalid key ${JSON.stringify(k)}${onLine(line)}`)
    throw policyParseError(formatMultiError(errors))
  }

  const located = pathBlocks(root.path, json).map((block) => ({
    ...block,
    header: findPathHeader(text, block.path, block.nth, json),
  }))
  // Report errors, and keep rules, in the order the blocks appear in the text.
  located.sort((a, b) => (a.header ?? Number.MAX_SAFE_INTEGER) - (b.header ?? Number.MAX_SAFE_INTEGER))
  const rules = located.map((b) => parseRule(b.path, b.body, { text, json, header: b.header }))
  return { name, text, rules }
}

/** No parsing: for built-in policies and rules already stored. */
export function policyFromRules(name: string, text: string, rules: PolicyRule[]): Policy {
  return { name, text, rules }
}

interface PathBlock {
  path: string
  body: unknown
  /** Which occurrence of this path it is (0-based), to find its header. */
  nth: number
}

/**
 * The `path` value in its decoded shapes: `{ "<p>": [body, ...] }` (HCL),
 * `{ "<p>": body }` or `[{ "<p>": body }]` (JSON). A label-less HCL block
 * (`path { ... }`) is a rule for the literal path "path", as in Vault.
 */
function pathBlocks(value: unknown, json: boolean): PathBlock[] {
  const blocks: PathBlock[] = []
  const seen = new Map<string, number>()
  const add = (path: string, body: unknown): void => {
    const nth = seen.get(path) ?? 0
    seen.set(path, nth + 1)
    blocks.push({ path, body, nth })
  }
  const addAll = (path: string, bodies: unknown): void => {
    if (Array.isArray(bodies)) for (const body of bodies as unknown[]) add(path, body)
    else add(path, bodies)
  }
  if (value === undefined || value === null) return blocks
  if (Array.isArray(value)) {
    for (const item of value as unknown[]) {
      if (json && isPlainObject(item)) for (const [p, bodies] of Object.entries(item)) addAll(p, bodies)
      else add('path', item)
    }
    return blocks
  }
  if (!isPlainObject(value)) throw policyParseError('path: expected path blocks')
  for (const [p, bodies] of Object.entries(value)) addAll(p, bodies)
  return blocks
}

/**
 * One `path "..." { ... }` block, already decoded to an object, checked and
 * turned into a PolicyRule the way Vault's policy parser does it.
 */
import { parseDurationSeconds } from '../duration.js'
import { IGNORED_CAPABILITIES, LEGACY_POLICY, isCapability, normalizeCapabilities } from './capability.js'
import type { Capability } from './capability.js'
import { formatMultiError, onLine, policyParseError } from './parse-error.js'
import type { PolicyRule } from './parse.js'
import { isPlainObject } from './policy-source.js'
import { findKeyLine, lineAt } from './text-locate.js'

const VALID_KEYS: ReadonlySet<string> = new Set([
  'comment',
  'policy',
  'capabilities',
  'allowed_parameters',
  'denied_parameters',
  'required_parameters',
  'min_wrapping_ttl',
  'max_wrapping_ttl',
  'mfa_methods',
  'control_group',
])

/** Where the block sits in the source, for error lines. */
export interface BlockLocation {
  text: string
  json: boolean
  /** Offset of the block header, when found. */
  header: number | undefined
}

export function parseRule(path: string, body: unknown, at: BlockLocation): PolicyRule {
  const headerLine = at.header === undefined ? undefined : lineAt(at.text, at.header)
  const keyLine = (key: string): number | undefined =>
    findKeyLine(at.text, key, at.header ?? 0, at.json) ?? headerLine
  const fail = (detail: string, line: number | undefined = headerLine): never => {
    throw policyParseError(detail + onLine(line))
  }
  const quoted = JSON.stringify(path)

  if (!isPlainObject(body)) return fail(`path ${quoted}: expected a block of settings`)

  const invalid = Object.keys(body).filter((k) => !VALID_KEYS.has(k))
  if (invalid.length > 0) {
    const errors = invalid
      .map((k) => ({ k, line: keyLine(k) }))
      .sort((a, b) => (a.line ?? 0) - (b.line ?? 0))
      .map(({ k, line }) => `path ${quoted}: invalid key ${JSON.stringify(k)}${onLine(line)}`)
    throw policyParseError(formatMultiError(errors))
  }

  const stripped = path.startsWith('/') ? path.slice(1) : path
  if (stripped.includes('+*')) fail(`path ${JSON.stringify(stripped)}: invalid use of wildcards ('+*' is forbidden)`)

  const written = stringList(body.capabilities, 'capabilities', quoted, keyLine)
  let names: unknown[] = written
  const legacy = body.policy
  if (legacy !== undefined && legacy !== '') {
    const expansion = typeof legacy === 'string' ? LEGACY_POLICY.get(legacy) : undefined
    if (!expansion) return fail(`path ${quoted}: invalid policy ${JSON.stringify(legacy)}`, keyLine('policy'))
    names = legacy === 'deny' ? [...expansion] : [...written, ...expansion]
  }

  const caps: Capability[] = []
  for (const name of names) {
    if (name === 'deny') return { path, capabilities: ['deny'] }
    if (isCapability(name)) caps.push(name)
    else if (typeof name !== 'string' || !IGNORED_CAPABILITIES.has(name)) {
      fail(`path ${quoted}: invalid capability ${JSON.stringify(typeof name === 'string' ? name : String(name))}`)
    }
  }

  const rule: PolicyRule = { path, capabilities: normalizeCapabilities(caps) }
  const allowed = parameterMap(body.allowed_parameters, 'allowed_parameters', quoted, keyLine)
  if (allowed) rule.allowedParameters = allowed
  const denied = parameterMap(body.denied_parameters, 'denied_parameters', quoted, keyLine)
  if (denied) rule.deniedParameters = denied

  const min = wrappingTtl(body.min_wrapping_ttl, 'min_wrapping_ttl', keyLine)
  const max = wrappingTtl(body.max_wrapping_ttl, 'max_wrapping_ttl', keyLine)
  if (min > 0) rule.minWrappingTtl = min
  if (max > 0) rule.maxWrappingTtl = max
  if (min > 0 && max > 0 && max < min) fail('max_wrapping_ttl cannot be less than min_wrapping_ttl', keyLine('max_wrapping_ttl'))

  const required = stringList(body.required_parameters, 'required_parameters', quoted, keyLine)
  if (required.length > 0) {
    if (!required.every((r) => typeof r === 'string')) {
      fail(`path ${quoted}: required_parameters must be a list of strings`, keyLine('required_parameters'))
    }
    rule.requiredParameters = required as string[]
  }
  return rule
}

type KeyLine = (key: string) => number | undefined

function stringList(value: unknown, key: string, quoted: string, keyLine: KeyLine): unknown[] {
  if (value === undefined || value === null) return []
  if (!Array.isArray(value)) {
    throw policyParseError(`path ${quoted}: ${key} must be a list${onLine(keyLine(key))}`)
  }
  return value as unknown[]
}

/**
 * `allowed_parameters = { "name" = [values] }` (also the HCL 1 block form,
 * which decodes as a list of such objects). Keys are lower-cased, as in Vault.
 */
function parameterMap(
  value: unknown,
  key: string,
  quoted: string,
  keyLine: KeyLine,
): Record<string, unknown[]> | undefined {
  if (value === undefined || value === null) return undefined
  const parts = Array.isArray(value) ? (value as unknown[]) : [value]
  const entries: Array<[string, unknown[]]> = []
  for (const part of parts) {
    if (!isPlainObject(part)) throw policyParseError(`path ${quoted}: ${key} must be a map${onLine(keyLine(key))}`)
    for (const [name, values] of Object.entries(part)) {
      if (!Array.isArray(values)) {
        throw policyParseError(`path ${quoted}: ${key}: ${JSON.stringify(name)} must be a list${onLine(keyLine(key))}`)
      }
      entries.push([name.toLowerCase(), values as unknown[]])
    }
  }
  // fromEntries defines own properties, so a "__proto__" key stays a key.
  return entries.length > 0 ? Object.fromEntries(entries) : undefined
}

function wrappingTtl(value: unknown, key: string, keyLine: KeyLine): number {
  if (value === undefined || value === null) return 0
  try {
    return parseDurationSeconds(value)
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err)
    throw policyParseError(`error parsing ${key}: ${why}${onLine(keyLine(key))}`)
  }
}

/**
 * All rules of a token's policies merged by path text, as Vault's ACL does:
 * capabilities are united, a deny anywhere leaves deny alone, parameter
 * constraints are combined and the smaller wrapping TTLs kept.
 */
import { DENY_BIT, bitsToCapabilities, capabilitiesToBits } from './capability.js'
import type { DecidingRule } from './acl.js'
import type { Policy, PolicyRule } from './parse.js'

export interface CompiledRule {
  /** The path as written, leading `/` removed. */
  readonly path: string
  readonly bits: number
  readonly allowed: ReadonlyMap<string, readonly unknown[]> | undefined
  readonly denied: ReadonlyMap<string, readonly unknown[]> | undefined
  readonly required: readonly string[]
  /** Seconds; 0 = no constraint. */
  readonly minWrap: number
  readonly maxWrap: number
  /** What a decision reports about this rule (shared, frozen). */
  readonly deciding: DecidingRule
}

interface Draft {
  path: string
  bits: number
  policies: string[]
  allowed: Map<string, unknown[]> | undefined
  denied: Map<string, unknown[]> | undefined
  required: string[]
  minWrap: number
  maxWrap: number
}

/** Leading `/` stripped, as Vault does when it reads a policy. */
export function normalizeRulePath(path: string): string {
  return path.startsWith('/') ? path.slice(1) : path
}

/**
 * Identity-templated paths (`{{identity.entity.id}}`) are dropped: Vault
 * skips a template it cannot fill, and emulator tokens have no entity.
 */
function isTemplated(path: string): boolean {
  return path.includes('{{') && path.includes('}}')
}

export function mergeRules(policies: readonly Policy[]): CompiledRule[] {
  const drafts = new Map<string, Draft>()
  for (const policy of policies) {
    for (const rule of policy.rules) {
      const path = normalizeRulePath(rule.path)
      if (isTemplated(path)) continue
      const existing = drafts.get(path)
      if (existing) mergeInto(existing, rule, policy.name)
      else drafts.set(path, newDraft(path, rule, policy.name))
    }
  }
  return [...drafts.values()].map(freeze)
}

function toMap(params: Record<string, unknown[]> | undefined): Map<string, unknown[]> | undefined {
  if (!params) return undefined
  const entries = Object.entries(params)
  return entries.length > 0 ? new Map(entries.map(([k, v]) => [k.toLowerCase(), [...v]])) : undefined
}

function newDraft(path: string, rule: PolicyRule, policy: string): Draft {
  const bits = capabilitiesToBits(rule.capabilities)
  const deny = (bits & DENY_BIT) !== 0
  return {
    path,
    bits: deny ? DENY_BIT : bits,
    policies: [policy],
    allowed: deny ? undefined : toMap(rule.allowedParameters),
    denied: deny ? undefined : toMap(rule.deniedParameters),
    required: deny ? [] : [...(rule.requiredParameters ?? [])],
    minWrap: rule.minWrappingTtl ?? 0,
    maxWrap: rule.maxWrappingTtl ?? 0,
  }
}

function mergeInto(d: Draft, rule: PolicyRule, policy: string): void {
  const bits = capabilitiesToBits(rule.capabilities)
  const incomingDeny = (bits & DENY_BIT) !== 0
  if (d.bits & DENY_BIT) {
    // Already denied: nothing else counts; remember other denying policies.
    if (incomingDeny) addPolicy(d, policy)
    return
  }
  if (incomingDeny) {
    d.bits = DENY_BIT
    d.policies = [policy]
    d.allowed = undefined
    d.denied = undefined
    return
  }
  d.bits |= bits
  addPolicy(d, policy)
  const max = rule.maxWrappingTtl ?? 0
  if (max > 0 && (d.maxWrap === 0 || max < d.maxWrap)) d.maxWrap = max
  const min = rule.minWrappingTtl ?? 0
  if (min > 0 && (d.minWrap === 0 || min < d.minWrap)) d.minWrap = min
  d.allowed = mergeParams(d.allowed, toMap(rule.allowedParameters))
  d.denied = mergeParams(d.denied, toMap(rule.deniedParameters))
  for (const r of rule.requiredParameters ?? []) if (!d.required.includes(r)) d.required.push(r)
}

function addPolicy(d: Draft, policy: string): void {
  if (!d.policies.includes(policy)) d.policies.push(policy)
}

/** An empty value list (any value) on either side wins; otherwise lists join. */
function mergeParams(
  into: Map<string, unknown[]> | undefined,
  from: Map<string, unknown[]> | undefined,
): Map<string, unknown[]> | undefined {
  if (!from) return into
  if (!into) return from
  for (const [key, values] of from) {
    const have = into.get(key)
    if (values.length === 0 || (have !== undefined && have.length === 0)) into.set(key, [])
    else into.set(key, [...values, ...(have ?? [])])
  }
  return into
}

function freeze(d: Draft): CompiledRule {
  const deciding: DecidingRule = Object.freeze({
    path: d.path,
    capabilities: Object.freeze(bitsToCapabilities(d.bits)) as DecidingRule['capabilities'],
    policies: Object.freeze([...d.policies]) as DecidingRule['policies'],
  })
  return {
    path: d.path,
    bits: d.bits,
    allowed: d.allowed,
    denied: d.denied,
    required: d.required,
    minWrap: d.minWrap,
    maxWrap: d.maxWrap,
    deciding,
  }
}

/**
 * A token's effective ACL: its policies' rules merged and compiled once, then
 * asked per request which rule decides a path and what that rule grants.
 */
import { CAP_BIT, DENY_BIT, SUDO_BIT, bitsToCapabilities } from './capability.js'
import type { Capability } from './capability.js'
import { ROOT_POLICY_NAME } from './builtin-policies.js'
import { mergeRules } from './merge-rules.js'
import type { CompiledRule } from './merge-rules.js'
import { parametersAllowed, wrappingAllowed } from './param-check.js'
import { outranks, prefixCandidate, ruleKind, segmentMatches, segmentReachesMount, segmentRule } from './path-match.js'
import type { Candidate, SegmentRule } from './path-match.js'
import type { Policy } from './parse.js'

export type AclOperation = 'create' | 'read' | 'update' | 'patch' | 'delete' | 'list'

export interface DecidingRule {
  /** The rule's path as written (leading `/` removed). */
  path: string
  /** Sorted alphabetically. */
  capabilities: Capability[]
  /** Policies that contributed to this merged rule (for a deny: the denying ones). */
  policies: string[]
}

export interface AclDecision {
  allowed: boolean
  /** The winning rule also grants sudo (true for root). */
  sudo: boolean
  /** The rule that decided; absent when nothing matched or for root. */
  rule?: DecidingRule
}

const ROOT_DECISION: AclDecision = Object.freeze({ allowed: true, sudo: true })
const NO_MATCH: AclDecision = Object.freeze({ allowed: false, sudo: false })
const PARAMETER_OPS: ReadonlySet<AclOperation> = new Set(['read', 'create', 'update', 'patch'])

function stripLeadingSlashes(path: string): string {
  let i = 0
  while (path.charCodeAt(i) === 47) i++
  return i === 0 ? path : path.slice(i)
}

function grants(rule: CompiledRule): boolean {
  return rule.bits !== 0 && (rule.bits & DENY_BIT) === 0
}

export class ACL {
  readonly root: boolean
  readonly #exact = new Map<string, CompiledRule>()
  /** Prefix rules by their prefix (the path without `*`). */
  readonly #prefix = new Map<string, Candidate>()
  /** Distinct prefix lengths, longest first. */
  readonly #prefixLengths: number[]
  readonly #segment: SegmentRule[] = []

  private constructor(root: boolean, rules: readonly CompiledRule[]) {
    this.root = root
    for (const rule of rules) {
      const kind = ruleKind(rule.path)
      if (kind === 'exact') this.#exact.set(rule.path, rule)
      else if (kind === 'prefix') {
        const c = prefixCandidate(rule)
        this.#prefix.set(c.pattern, c)
      } else this.#segment.push(segmentRule(rule))
    }
    this.#prefixLengths = [...new Set([...this.#prefix.keys()].map((k) => k.length))].sort((a, b) => b - a)
  }

  /** A policy named "root" makes a root ACL. */
  static fromPolicies(policies: readonly Policy[]): ACL {
    const root = policies.some((p) => p.name === ROOT_POLICY_NAME)
    return new ACL(root, root ? [] : mergeRules(policies))
  }

  /**
   * May `op` run on `path`? Parameter constraints apply when `data` is given
   * (read/create/update/patch, as in Vault). `wrapTtl` is the requested
   * response-wrapping TTL in seconds (undefined = not wrapped), checked
   * against min/max_wrapping_ttl.
   */
  check(op: AclOperation, path: string, data?: Readonly<Record<string, unknown>>, wrapTtl?: number): AclDecision {
    if (this.root) return ROOT_DECISION
    const rule = this.#resolve(stripLeadingSlashes(path), op === 'list')
    if (!rule) return NO_MATCH
    const sudo = (rule.bits & SUDO_BIT) !== 0
    let allowed = (rule.bits & CAP_BIT[op]) !== 0
    if (allowed && (rule.minWrap > 0 || rule.maxWrap > 0)) allowed = wrappingAllowed(rule, wrapTtl)
    if (allowed && data !== undefined && PARAMETER_OPS.has(op)) allowed = parametersAllowed(rule, data)
    return { allowed, sudo, rule: rule.deciding }
  }

  /** What sys/capabilities reports: sorted; ["root"] for root; ["deny"] when nothing is granted. */
  capabilities(path: string): string[] {
    if (this.root) return ['root']
    const rule = this.#resolve(stripLeadingSlashes(path), true)
    if (!rule || !grants(rule)) return ['deny']
    return bitsToCapabilities(rule.bits)
  }

  /**
   * The KV preflight (sys/internal/ui/mounts/<path>): any non-deny capability
   * on the mount path itself, on any rule under it, or from a glob covering it.
   */
  hasAnyAccessUnder(mountPath: string): boolean {
    if (this.root) return true
    let mount = stripLeadingSlashes(mountPath)
    if (!mount.endsWith('/')) mount += '/'
    if (this.capabilities(mount)[0] !== 'deny') return true
    for (const [key, rule] of this.#exact) if (key.startsWith(mount) && grants(rule)) return true
    for (const [key, c] of this.#prefix) if (key.startsWith(mount) && grants(c.rule)) return true
    if (this.#segment.length === 0) return false
    const mountParts = mount.split('/')
    return this.#segment.some((s) => grants(s.rule) && segmentReachesMount(s, mountParts))
  }

  /**
   * Exact rule; for a list also the exact rule without the trailing `/`;
   * then the most specific non-exact rule; for a list of `foo/` finally the
   * non-exact rules for `foo`.
   */
  #resolve(path: string, list: boolean): CompiledRule | undefined {
    const exact = this.#exact.get(path)
    if (exact) return exact
    const trailing = path.endsWith('/')
    if (list && trailing) {
      const bare = this.#exact.get(path.slice(0, -1))
      if (bare) return bare
    }
    const found = this.#nonExact(path)
    if (found) return found
    if (list && trailing) return this.#nonExact(path.slice(0, -1))
    return undefined
  }

  #nonExact(path: string): CompiledRule | undefined {
    let best: Candidate | undefined
    for (const len of this.#prefixLengths) {
      if (len > path.length) continue
      const c = this.#prefix.get(path.slice(0, len))
      if (c) {
        best = c
        break
      }
    }
    if (this.#segment.length === 0) return best?.rule
    const parts = path.split('/')
    for (const s of this.#segment) {
      if (segmentMatches(s, parts) && (best === undefined || outranks(s, best))) best = s
    }
    return best?.rule
  }
}

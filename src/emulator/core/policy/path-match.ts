/**
 * Non-exact rules: `*` prefix rules and `+` segment rules, how they match a
 * path, and which of several matches is the most specific.
 */
import type { CompiledRule } from './merge-rules.js'

/** A matching non-exact rule, with what the priority order compares. */
export interface Candidate {
  readonly rule: CompiledRule
  /** Index of the first `+` (segment rules) or of the `*` (prefix rules). */
  readonly firstWildcard: number
  /** Ends in `*`. */
  readonly isPrefix: boolean
  /** Number of `+` segments. */
  readonly wildcards: number
  /** The pattern without its trailing `*`. */
  readonly pattern: string
}

export interface SegmentRule extends Candidate {
  readonly parts: readonly string[]
}

export type RuleKind = 'exact' | 'prefix' | 'segment'

/** Vault's test: `+` alone, a `/+`, or a leading `+/` makes a segment rule. */
export function ruleKind(path: string): RuleKind {
  if (path === '+' || path.includes('/+') || path.startsWith('+/')) return 'segment'
  return path.endsWith('*') ? 'prefix' : 'exact'
}

export function prefixCandidate(rule: CompiledRule): Candidate {
  const pattern = rule.path.slice(0, -1)
  return { rule, firstWildcard: pattern.length, isPrefix: true, wildcards: 0, pattern }
}

export function segmentRule(rule: CompiledRule): SegmentRule {
  const isPrefix = rule.path.endsWith('*')
  const pattern = isPrefix ? rule.path.slice(0, -1) : rule.path
  const parts = pattern.split('/')
  return {
    rule,
    firstWildcard: rule.path.indexOf('+'),
    isPrefix,
    wildcards: parts.filter((p) => p === '+').length,
    pattern,
    parts,
  }
}

/**
 * True when `a` is more specific than `b`: later first wildcard; then no
 * trailing `*`; then fewer `+`; then longer; then lexicographically larger.
 */
export function outranks(a: Candidate, b: Candidate): boolean {
  if (a.firstWildcard !== b.firstWildcard) return a.firstWildcard > b.firstWildcard
  if (a.isPrefix !== b.isPrefix) return !a.isPrefix
  if (a.wildcards !== b.wildcards) return a.wildcards < b.wildcards
  if (a.pattern.length !== b.pattern.length) return a.pattern.length > b.pattern.length
  return a.pattern > b.pattern
}

/** Segment-by-segment match; `+` takes any one segment (even an empty one). */
export function segmentMatches(rule: SegmentRule, pathParts: readonly string[]): boolean {
  const parts = rule.parts
  if (pathParts.length < parts.length) return false
  if (!rule.isPrefix && pathParts.length !== parts.length) return false
  const last = parts.length - 1
  for (let i = 0; i <= last; i++) {
    const want = parts[i] as string
    if (want === '+') continue
    const got = pathParts[i] as string
    if (want === got) continue
    if (rule.isPrefix && i === last && got.startsWith(want)) continue
    return false
  }
  return true
}

/**
 * For the mount preflight: does the segment rule reach into the mount
 * `mountParts` (the mount path split on `/`, ending with "")? Its leading
 * segments must match the mount's segments.
 */
export function segmentReachesMount(rule: SegmentRule, mountParts: readonly string[]): boolean {
  const depth = mountParts.length - 1
  if (rule.parts.length < depth) return false
  const last = rule.parts.length - 1
  for (let i = 0; i < depth; i++) {
    const want = rule.parts[i] as string
    const got = mountParts[i] as string
    if (want === '+' || want === got) continue
    if (rule.isPrefix && i === last && got.startsWith(want)) continue
    return false
  }
  return true
}

import { describe, it, expect } from 'vitest'
import fc from 'fast-check'
import { ACL } from './acl.js'
import type { AclOperation } from './acl.js'
import type { Capability } from './capability.js'
import { policyFromRules } from './parse.js'
import type { Policy } from './parse.js'

// ---- generators ---------------------------------------------------------

const SEGMENTS = ['a', 'b', 'ab', 'abc']
const segment = fc.constantFrom(...SEGMENTS)
const requestPath = fc
  .tuple(fc.array(segment, { minLength: 1, maxLength: 4 }), fc.boolean())
  .map(([parts, slash]) => parts.join('/') + (slash ? '/' : ''))

const patternPath = fc
  .tuple(fc.array(fc.constantFrom('a', 'b', 'ab', '+'), { minLength: 1, maxLength: 4 }), fc.constantFrom('', '*', '/*', '/'))
  .map(([parts, tail]) => parts.join('/') + tail)
  .filter((p) => !p.includes('+*'))

const caps = fc.subarray<Capability>(['create', 'read', 'update', 'list', 'sudo'])
const ruleSpec = fc.tuple(patternPath, caps)
const ruleSet = fc.array(ruleSpec, { minLength: 1, maxLength: 12 })

function policy(name: string, rules: ReadonlyArray<readonly [string, Capability[]]>): Policy {
  return policyFromRules(name, '', rules.map(([path, capabilities]) => ({ path, capabilities })))
}

// ---- an independent, brute-force reference --------------------------------

interface RefRule {
  path: string
  exact: boolean
  regex: RegExp
  key: [number, number, number, number, string]
}

const esc = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

function refRule(path: string): RefRule {
  const segmentRule = path === '+' || path.includes('/+') || path.startsWith('+/')
  const star = path.endsWith('*')
  const pattern = star ? path.slice(0, -1) : path
  if (!segmentRule) {
    return {
      path,
      exact: !star,
      regex: new RegExp(`^${esc(pattern)}${star ? '.*' : ''}$`, 's'),
      key: [pattern.length, star ? 0 : 1, 0, pattern.length, pattern],
    }
  }
  const parts = pattern.split('/')
  const body = parts.map((p) => (p === '+' ? '[^/]*' : esc(p))).join('/')
  return {
    path,
    exact: false,
    regex: new RegExp(`^${body}${star ? '.*' : ''}$`, 's'),
    key: [path.indexOf('+'), star ? 0 : 1, -parts.filter((p) => p === '+').length, pattern.length, pattern],
  }
}

function compareKeys(a: RefRule['key'], b: RefRule['key']): number {
  for (let i = 0; i < 4; i++) if (a[i] !== b[i]) return (a[i] as number) - (b[i] as number)
  return a[4] < b[4] ? -1 : a[4] > b[4] ? 1 : 0
}

function refWinner(rulePaths: readonly string[], path: string, list: boolean): string | undefined {
  const rules = [...new Set(rulePaths)].map(refRule)
  const exact = (p: string): string | undefined => rules.find((r) => r.exact && r.path === p)?.path
  const best = (p: string): string | undefined =>
    rules
      .filter((r) => !r.exact && r.regex.test(p))
      .sort((a, b) => compareKeys(a.key, b.key))
      .at(-1)?.path
  const trimmed = path.endsWith('/') ? path.slice(0, -1) : undefined
  return (
    exact(path) ??
    (list && trimmed !== undefined ? exact(trimmed) : undefined) ??
    best(path) ??
    (list && trimmed !== undefined ? best(trimmed) : undefined)
  )
}

// ---- properties -----------------------------------------------------------

describe('ACL properties', () => {
  it('picks the same rule as a brute-force reference of the priority order', () => {
    fc.assert(
      fc.property(ruleSet, requestPath, fc.constantFrom<AclOperation>('read', 'list'), (rules, path, op) => {
        const acl = ACL.fromPolicies([policy('p', rules)])
        const want = refWinner(
          rules.map(([p]) => p),
          path,
          op === 'list',
        )
        expect(acl.check(op, path).rule?.path).toBe(want)
      }),
      { numRuns: 2000 },
    )
  })

  it('an exact rule always decides its own path', () => {
    fc.assert(
      fc.property(ruleSet, fc.array(segment, { minLength: 1, maxLength: 4 }), (rules, parts) => {
        const path = parts.join('/')
        const acl = ACL.fromPolicies([policy('others', rules), policy('mine', [[path, ['patch']]])])
        const decision = acl.check('patch', path)
        expect(decision.rule?.path).toBe(path)
        expect(decision.allowed).toBe(true)
      }),
    )
  })

  it('adding a policy whose rules match nothing never changes a decision', () => {
    const unrelated = fc.array(
      fc.tuple(
        patternPath.map((p) => `zz/${p}`),
        caps,
      ),
      { maxLength: 6 },
    )
    fc.assert(
      fc.property(ruleSet, unrelated, requestPath, fc.constantFrom<AclOperation>('read', 'list', 'update'), (rules, extra, path, op) => {
        const before = ACL.fromPolicies([policy('p', rules)])
        const after = ACL.fromPolicies([policy('p', rules), policy('extra', extra)])
        expect(after.check(op, path)).toEqual(before.check(op, path))
        expect(after.capabilities(path)).toEqual(before.capabilities(path))
      }),
    )
  })

  it('a deny on a rule path wins wherever that rule decides', () => {
    fc.assert(
      fc.property(ruleSet, requestPath, (rules, path) => {
        const base = ACL.fromPolicies([policy('p', rules)])
        const decider = base.check('read', path).rule?.path
        if (decider === undefined) return
        const denied = ACL.fromPolicies([policy('p', rules), policy('deny', [[decider, ['deny']]])])
        // capabilities() evaluates in list order, where `foo/` may be decided by an exact rule on `foo`.
        if (!path.endsWith('/')) expect(denied.capabilities(path)).toEqual(['deny'])
        expect(denied.check('read', path).allowed).toBe(false)
      }),
    )
  })
})

describe('ACL performance', () => {
  it('checks against ~50 rules take microseconds', () => {
    const rules: Array<[string, Capability[]]> = []
    for (let i = 0; i < 15; i++) rules.push([`secret/data/app${i}/*`, ['read', 'update']])
    for (let i = 0; i < 10; i++) rules.push([`secret/metadata/app${i}/config`, ['list']])
    for (let i = 0; i < 10; i++) rules.push([`database/creds/role${i}`, ['read']])
    for (let i = 0; i < 8; i++) rules.push([`secret/data/+/team${i}/*`, ['read']])
    for (let i = 0; i < 5; i++) rules.push([`auth/+/role/r${i}`, ['read']])
    rules.push(['sys/*', ['deny']], ['secret/data/billing/*', ['deny']])
    const acl = ACL.fromPolicies([policy('big', rules)])
    const paths = [
      'secret/data/app3/db',
      'secret/data/x/team2/creds',
      'database/creds/role7',
      'sys/mounts',
      'nothing/here',
      'secret/metadata/app4/config/',
    ]
    const n = 60_000
    let hits = 0
    const start = performance.now()
    for (let i = 0; i < n; i++) if (acl.check(i % 2 ? 'read' : 'list', paths[i % paths.length] as string).allowed) hits++
    const perCheckUs = ((performance.now() - start) * 1000) / n
    expect(hits).toBeGreaterThan(0)
    expect(perCheckUs).toBeLessThan(20)
  })
})

import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { globMatches, resolveTokenPolicies } from './token-policies.js'
import { removeDuplicates, sanitizePolicies } from '../../../framework/policy-names.js'
import type { TokenRole } from './path-roles.js'

function role(overrides: Partial<TokenRole>): TokenRole {
  return {
    name: 'r',
    allowed_policies: [],
    disallowed_policies: [],
    allowed_policies_glob: [],
    disallowed_policies_glob: [],
    allowed_entity_aliases: null,
    orphan: false,
    renewable: true,
    path_suffix: '',
    token_type: 'default-service',
    token_period: 0,
    token_explicit_max_ttl: 0,
    token_no_default_policy: false,
    token_num_uses: 0,
    token_bound_cidrs: [],
    period: 0,
    explicit_max_ttl: 0,
    bound_cidrs: [],
    ...overrides,
  }
}

const base = { requested: [], noDefaultPolicy: false, role: undefined, parentPolicies: ['default', 'app'], isSudo: false }

describe('policy set rules', () => {
  it('sanitizes: trims, lower-cases, sorts, de-duplicates; root swallows everything', () => {
    expect(sanitizePolicies([' B', 'a', 'A', ''], false)).toEqual(['a', 'b'])
    expect(sanitizePolicies(['x'], true)).toEqual(['default', 'x'])
    expect(sanitizePolicies(['x', 'root'], true)).toEqual(['root'])
    expect(removeDuplicates(['B', 'b', ' '], false)).toEqual(['B', 'b'])
  })

  it('is idempotent and always sorted (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.string()), fc.boolean(), (items, addDefault) => {
        const once = sanitizePolicies(items, addDefault)
        expect(sanitizePolicies(once, false)).toEqual(once)
        expect([...once].sort()).toEqual(once)
        expect(new Set(once).size).toBe(once.length)
      }),
    )
  })

  it('matches globs anywhere in the pattern', () => {
    expect(globMatches('team-*', 'team-a')).toBe(true)
    expect(globMatches('*-prod', 'db-prod')).toBe(true)
    expect(globMatches('a*b*c', 'axxbyyc')).toBe(true)
    expect(globMatches('a*b*c', 'axxc')).toBe(false)
    expect(globMatches('exact', 'exact')).toBe(true)
    expect(globMatches('exact', 'exactly')).toBe(false)
  })

  it('inherits, subsets and adds default as Vault does', () => {
    expect(resolveTokenPolicies(base)).toEqual(['app', 'default'])
    expect(resolveTokenPolicies({ ...base, parentPolicies: ['app'] })).toEqual(['app'])
    expect(resolveTokenPolicies({ ...base, requested: ['app'] })).toEqual(['app', 'default'])
    expect(() => resolveTokenPolicies({ ...base, requested: ['other'] })).toThrow('child policies must be subset of parent')
    expect(resolveTokenPolicies({ ...base, requested: ['other'], isSudo: true })).toEqual(['default', 'other'])
    expect(resolveTokenPolicies({ ...base, requested: ['other'], isSudo: true, noDefaultPolicy: true })).toEqual(['other'])
  })

  it('lets a role’s lists replace the parent subset rule', () => {
    const r = role({ allowed_policies: ['a', 'b'] })
    expect(resolveTokenPolicies({ ...base, role: r })).toEqual(['a', 'b', 'default'])
    expect(resolveTokenPolicies({ ...base, role: role({ ...r, token_no_default_policy: true }) })).toEqual(['a', 'b'])
    expect(resolveTokenPolicies({ ...base, role: role({ disallowed_policies: ['x'] }) })).toEqual(['app', 'default'])
    expect(() => resolveTokenPolicies({ ...base, role: role({ disallowed_policies: ['app'] }) })).toThrow(
      'token policy "app" is disallowed by this role',
    )
  })
})

import { describe, it, expect } from 'vitest'
import { ACL } from './acl.js'
import type { Capability } from './capability.js'
import { parsePolicy, policyFromRules } from './parse.js'
import type { Policy, PolicyRule } from './parse.js'
import { DEFAULT_POLICY } from './builtin-policies.js'

type RuleSpec = [path: string, capabilities: Capability[], extra?: Partial<PolicyRule>]

function pol(name: string, ...rules: RuleSpec[]): Policy {
  return policyFromRules(name, '', rules.map(([path, capabilities, extra]) => ({ path, capabilities, ...extra })))
}

function acl(...rules: RuleSpec[]): ACL {
  return ACL.fromPolicies([pol('p', ...rules)])
}

/** The path of the rule that decides `path` for a read. */
const winner = (a: ACL, path: string): string | undefined => a.check('read', path).rule?.path

describe('ACL: exact and glob basics', () => {
  it('an exact rule decides its own path and nothing else', () => {
    const a = acl(['secret/foo', ['read']])
    expect(a.check('read', 'secret/foo')).toEqual({
      allowed: true,
      sudo: false,
      rule: { path: 'secret/foo', capabilities: ['read'], policies: ['p'] },
    })
    expect(a.check('update', 'secret/foo').allowed).toBe(false)
    expect(a.check('read', 'secret/foo/bar')).toEqual({ allowed: false, sudo: false })
    expect(a.check('read', 'secret/fo').allowed).toBe(false)
  })

  it('no match means denied with no rule', () => {
    expect(acl(['a/*', ['read']]).check('read', 'b/c')).toEqual({ allowed: false, sudo: false })
  })

  it('a trailing * is a plain string prefix, not a segment boundary', () => {
    const a = acl(['secret/app*', ['read']])
    expect(a.check('read', 'secret/apple').allowed).toBe(true)
    expect(a.check('read', 'secret/app/x/y').allowed).toBe(true)
    expect(a.check('read', 'secret/ap').allowed).toBe(false)
  })

  it('secret/* does not cover secret itself', () => {
    const a = acl(['secret/*', ['read', 'list']])
    expect(a.check('read', 'secret').allowed).toBe(false)
    expect(a.check('read', 'secret/').allowed).toBe(true)
  })

  it('a * that is not last is an ordinary character', () => {
    const a = acl(['secret/*/x', ['read']])
    expect(a.check('read', 'secret/a/x').allowed).toBe(false)
    expect(a.check('read', 'secret/*/x').allowed).toBe(true)
  })

  it('* alone matches everything', () => {
    expect(acl(['*', ['read']]).check('read', 'anything/at/all').allowed).toBe(true)
  })

  it('leading slashes on the request path are ignored; on a rule path too', () => {
    const a = acl(['/secret/x', ['read']])
    expect(a.check('read', '/secret/x').allowed).toBe(true)
    expect(a.check('read', '//secret/x').allowed).toBe(true)
    expect(a.capabilities('/secret/x')).toEqual(['read'])
  })
})

describe('ACL: + segment wildcards', () => {
  it('+ is exactly one segment', () => {
    const a = acl(['secret/+/config', ['read']])
    expect(a.check('read', 'secret/app/config').allowed).toBe(true)
    expect(a.check('read', 'secret/a/b/config').allowed).toBe(false)
    expect(a.check('read', 'secret/config').allowed).toBe(false)
    expect(a.check('read', 'secret/app/config/x').allowed).toBe(false)
  })

  it('+ may come first, and several may appear', () => {
    const a = acl(['+/data/+/creds', ['read']])
    expect(a.check('read', 'kv/data/app/creds').allowed).toBe(true)
    expect(a.check('read', 'kv/data/app/other').allowed).toBe(false)
  })

  it('+ with a trailing * matches deeper paths', () => {
    const a = acl(['secret/+/data/*', ['read']])
    expect(a.check('read', 'secret/x/data/a/b').allowed).toBe(true)
    expect(a.check('read', 'secret/x/data').allowed).toBe(false)
    expect(a.check('read', 'secret/x/other/a').allowed).toBe(false)
  })

  it('+ with a partial trailing segment glob', () => {
    const a = acl(['app/+/ba*', ['read']])
    expect(a.check('read', 'app/x/bar').allowed).toBe(true)
    expect(a.check('read', 'app/x/bar/deep').allowed).toBe(true)
    expect(a.check('read', 'app/x/foo').allowed).toBe(false)
  })

  it('a + glued to other characters is literal', () => {
    const a = acl(['secret/a+b/x', ['read']])
    expect(a.check('read', 'secret/a+b/x').allowed).toBe(true)
    expect(a.check('read', 'secret/ab/x').allowed).toBe(false)
  })
})

describe('ACL: choosing among matching rules (priority order)', () => {
  it('an exact rule wins outright, even against broader grants', () => {
    const a = acl(['secret/*', ['create', 'read', 'update']], ['secret/+', ['update']], ['secret/foo', ['read']])
    expect(winner(a, 'secret/foo')).toBe('secret/foo')
    expect(a.check('update', 'secret/foo').allowed).toBe(false)
  })

  it('there is no fall-through: an exact rule with [] removes a glob grant', () => {
    const a = acl(['secret/*', ['read']], ['secret/locked', []])
    expect(a.check('read', 'secret/locked').allowed).toBe(false)
    expect(a.capabilities('secret/locked')).toEqual(['deny'])
    expect(a.check('read', 'secret/other').allowed).toBe(true)
  })

  it('the longest * prefix beats shorter ones', () => {
    const a = acl(['secret/*', ['read']], ['secret/app/*', ['update']])
    expect(winner(a, 'secret/app/x')).toBe('secret/app/*')
    expect(winner(a, 'secret/other')).toBe('secret/*')
  })

  it('1. the later first wildcard wins: foo/a* over foo/+', () => {
    const a = acl(['foo/a*', ['read']], ['foo/+', ['update']])
    expect(winner(a, 'foo/abc')).toBe('foo/a*')
    expect(winner(a, 'foo/xyz')).toBe('foo/+')
  })

  it('1. the later first wildcard wins: foo/bar/+/baz over foo/+/bar/baz', () => {
    const a = acl(['foo/+/bar/baz', ['read']], ['foo/bar/+/baz', ['update']])
    expect(winner(a, 'foo/bar/bar/baz')).toBe('foo/bar/+/baz')
  })

  it('1. a segment rule with a later + beats a shorter prefix rule', () => {
    const a = acl(['secret/*', ['read']], ['secret/data/+/config', ['update']])
    expect(winner(a, 'secret/data/app/config')).toBe('secret/data/+/config')
  })

  it('2. no trailing * beats trailing *: foo/+ over foo/*', () => {
    const a = acl(['foo/*', ['read']], ['foo/+', ['update']])
    expect(winner(a, 'foo/x')).toBe('foo/+')
    expect(winner(a, 'foo/x/y')).toBe('foo/*')
  })

  it('2. no trailing * beats trailing *: foo/+/bar over foo/+/ba*', () => {
    const a = acl(['foo/+/ba*', ['read']], ['foo/+/bar', ['update']])
    expect(winner(a, 'foo/x/bar')).toBe('foo/+/bar')
  })

  it('3. fewer + segments win: foo/+/bar/baz over foo/+/+/baz', () => {
    const a = acl(['foo/+/+/baz', ['read']], ['foo/+/bar/baz', ['update']])
    expect(winner(a, 'foo/a/bar/baz')).toBe('foo/+/bar/baz')
  })

  it('3. the docs example: secret/* beats secret/+/+/foo/*', () => {
    const a = acl(['secret/+/+/foo/*', ['update']], ['secret/*', ['read']])
    expect(winner(a, 'secret/a/b/foo/c')).toBe('secret/*')
  })

  it('4. the longer pattern wins: foo/+/bar/ba* over foo/+/bar/b*', () => {
    const a = acl(['foo/+/bar/b*', ['read']], ['foo/+/bar/ba*', ['update']])
    expect(winner(a, 'foo/x/bar/baz')).toBe('foo/+/bar/ba*')
  })

  it('5. then the lexicographically larger pattern wins', () => {
    const a = acl(['+/+/x', ['update']], ['+/x/+', ['read']])
    expect(winner(a, 'x/x/x')).toBe('+/x/+')
    const b = acl(['+/x/+', ['read']], ['+/+/x', ['update']])
    expect(winner(b, 'x/x/x')).toBe('+/x/+')
  })

  it('the winner is the whole answer: a narrower deny does not leak, a broader grant does not add', () => {
    const a = acl(['secret/+/config', ['read']], ['secret/*', ['update', 'delete']])
    expect(a.capabilities('secret/app/config')).toEqual(['read'])
  })
})

describe('ACL: merging rules with the same path', () => {
  it('unites capabilities across policies and names the contributors', () => {
    const a = ACL.fromPolicies([pol('a', ['secret/*', ['read']]), pol('b', ['secret/*', ['list', 'update']])])
    expect(a.check('update', 'secret/x').rule).toEqual({
      path: 'secret/*',
      capabilities: ['list', 'read', 'update'],
      policies: ['a', 'b'],
    })
  })

  it('unites the same path written twice in one policy', async () => {
    const p = await parsePolicy('one', 'path "x" { capabilities = ["read"] }\npath "x" { capabilities = ["update"] }')
    const a = ACL.fromPolicies([p])
    expect(a.capabilities('x')).toEqual(['read', 'update'])
    expect(a.check('read', 'x').rule?.policies).toEqual(['one'])
  })

  it('a rule with a leading slash merges with the same rule without one', () => {
    const a = ACL.fromPolicies([pol('a', ['/secret/*', ['read']]), pol('b', ['secret/*', ['list']])])
    expect(a.capabilities('secret/x')).toEqual(['list', 'read'])
  })

  it('a deny in any policy leaves deny alone, whatever the order', () => {
    for (const order of [
      ['grant', 'deny'],
      ['deny', 'grant'],
    ]) {
      const policies = order.map((n) => (n === 'deny' ? pol('deny', ['secret/*', ['deny']]) : pol('grant', ['secret/*', ['read', 'sudo']])))
      const a = ACL.fromPolicies(policies)
      expect(a.check('read', 'secret/x')).toEqual({
        allowed: false,
        sudo: false,
        rule: { path: 'secret/*', capabilities: ['deny'], policies: ['deny'] },
      })
      expect(a.capabilities('secret/x')).toEqual(['deny'])
    }
  })

  it('different path texts do not merge: secret/ and secret/*', () => {
    const a = acl(['secret/', ['list']], ['secret/*', ['read']])
    expect(a.capabilities('secret/')).toEqual(['list'])
    expect(a.capabilities('secret/x')).toEqual(['read'])
  })
})

describe('ACL: deny scoping and the KV v2 trap', () => {
  const a = ACL.fromPolicies([
    pol('app', ['secret/data/*', ['create', 'read', 'update']]),
    pol('guard', ['secret/data/billing/*', ['deny']]),
  ])

  it('a deny on secret/data/billing/* does not deny secret/data/myapp/x', () => {
    expect(a.check('read', 'secret/data/myapp/x').allowed).toBe(true)
  })

  it('it does deny under billing', () => {
    expect(a.check('read', 'secret/data/billing/x').allowed).toBe(false)
    expect(a.capabilities('secret/data/billing/x')).toEqual(['deny'])
  })

  it('a rule on secret/myapp/* does not allow secret/data/myapp/x', () => {
    const kv = acl(['secret/myapp/*', ['read']])
    expect(kv.check('read', 'secret/data/myapp/x').allowed).toBe(false)
    expect(kv.check('read', 'secret/myapp/x').allowed).toBe(true)
  })
})

describe('ACL: list and trailing slashes', () => {
  it('list on foo/ also uses the exact rule for foo', () => {
    const a = acl(['secret/metadata/app', ['list']])
    expect(a.check('list', 'secret/metadata/app/').allowed).toBe(true)
    expect(a.check('read', 'secret/metadata/app/').allowed).toBe(false)
  })

  it('list on foo/ also uses wildcard rules for foo', () => {
    const a = acl(['+/sys/policies/acl', ['list']])
    expect(a.check('list', 'ns1/sys/policies/acl/').allowed).toBe(true)
    expect(a.check('list', 'ns1/sys/policies/acl').allowed).toBe(true)
  })

  it('the exact rule for foo comes before a glob matching foo/', () => {
    const a = acl(['app', ['list']], ['app/*', ['deny']])
    expect(a.check('list', 'app/').allowed).toBe(true)
    expect(a.check('read', 'app/').allowed).toBe(false)
  })

  it('a glob matching foo/ comes before the non-exact rules for foo', () => {
    // "+" would outrank "*" for "app", but "*" already matches "app/".
    const a = acl(['*', ['read']], ['+', ['list']])
    expect(a.check('list', 'app/')).toMatchObject({ allowed: false, rule: { path: '*' } })
    expect(a.check('list', 'app')).toMatchObject({ allowed: true, rule: { path: '+' } })
  })

  it('read on foo/ does not fall back to rules for foo', () => {
    const a = acl(['+', ['read']])
    expect(a.check('read', 'app/').allowed).toBe(false)
    expect(a.check('list', 'app/').allowed).toBe(false)
    expect(a.capabilities('app/')).toEqual(['read'])
  })

  it('capabilities() evaluates every path the list way', () => {
    const a = acl(['secret/metadata/app', ['list', 'read']])
    expect(a.capabilities('secret/metadata/app/')).toEqual(['list', 'read'])
  })
})

describe('ACL: capabilities()', () => {
  it('is sorted alphabetically', () => {
    expect(acl(['x', ['update', 'sudo', 'create', 'read', 'patch', 'delete', 'list']]).capabilities('x')).toEqual([
      'create',
      'delete',
      'list',
      'patch',
      'read',
      'sudo',
      'update',
    ])
  })

  it('is ["deny"] when nothing matches, when the rule is empty and when it denies', () => {
    const a = acl(['empty', []], ['denied', ['deny']])
    expect(a.capabilities('nothing')).toEqual(['deny'])
    expect(a.capabilities('empty')).toEqual(['deny'])
    expect(a.capabilities('denied')).toEqual(['deny'])
  })

  it('returns a fresh array each time', () => {
    const a = acl(['x', ['read']])
    a.capabilities('x').push('update')
    expect(a.capabilities('x')).toEqual(['read'])
  })
})

describe('ACL: root and sudo', () => {
  it('a policy named root makes a root ACL', () => {
    const a = ACL.fromPolicies([pol('default'), policyFromRules('root', '', [])])
    expect(a.root).toBe(true)
    expect(a.check('delete', 'sys/anything')).toEqual({ allowed: true, sudo: true })
    expect(a.capabilities('secret/x')).toEqual(['root'])
    expect(a.hasAnyAccessUnder('whatever/')).toBe(true)
  })

  it('other ACLs are not root', () => {
    expect(acl(['*', ['sudo']]).root).toBe(false)
  })

  it('sudo reflects the winning rule', () => {
    const a = acl(['sys/audit/*', ['update', 'sudo']], ['sys/*', ['read']])
    expect(a.check('update', 'sys/audit/file')).toMatchObject({ allowed: true, sudo: true })
    expect(a.check('read', 'sys/audit/file')).toMatchObject({ allowed: false, sudo: true })
    expect(a.check('read', 'sys/mounts')).toMatchObject({ allowed: true, sudo: false })
  })
})

describe('ACL: built-in default policy', () => {
  const a = ACL.fromPolicies([DEFAULT_POLICY])

  it('lets a token look itself up and manage its cubbyhole', () => {
    expect(a.check('read', 'auth/token/lookup-self').allowed).toBe(true)
    expect(a.check('update', 'auth/token/renew-self').allowed).toBe(true)
    expect(a.check('list', 'cubbyhole/').allowed).toBe(true)
    expect(a.check('create', 'cubbyhole/my/secret').allowed).toBe(true)
    expect(a.check('update', 'identity/oidc/provider/p1/authorize').allowed).toBe(true)
  })

  it('grants nothing else', () => {
    expect(a.check('read', 'secret/data/x').allowed).toBe(false)
    expect(a.check('read', 'auth/token/lookup').allowed).toBe(false)
  })

  it('drops identity-templated paths (tokens have no entity)', () => {
    expect(a.capabilities('identity/entity/id/{{identity.entity.id}}')).toEqual(['deny'])
  })
})

describe('ACL: hasAnyAccessUnder (KV preflight)', () => {
  it('true for a rule under the mount', () => {
    expect(acl(['secret/data/app/x', ['read']]).hasAnyAccessUnder('secret/')).toBe(true)
    expect(acl(['secret/data/*', ['read']]).hasAnyAccessUnder('secret')).toBe(true)
  })

  it('true for a rule on the mount path itself, with or without slash', () => {
    expect(acl(['secret', ['read']]).hasAnyAccessUnder('secret/')).toBe(true)
    expect(acl(['secret/', ['list']]).hasAnyAccessUnder('secret/')).toBe(true)
  })

  it('true for a glob covering the mount', () => {
    expect(acl(['sec*', ['read']]).hasAnyAccessUnder('secret/')).toBe(true)
    expect(acl(['*', ['list']]).hasAnyAccessUnder('secret/')).toBe(true)
  })

  it('true for a + rule reaching into the mount', () => {
    expect(acl(['+/data/app', ['read']]).hasAnyAccessUnder('secret/')).toBe(true)
    expect(acl(['auth/+/login', ['update']]).hasAnyAccessUnder('auth/approle/')).toBe(true)
    expect(acl(['auth/+/login', ['update']]).hasAnyAccessUnder('/auth/userpass')).toBe(true)
  })

  it('false for rules elsewhere, deny-only and empty rules', () => {
    expect(acl(['kv/data/*', ['read']]).hasAnyAccessUnder('secret/')).toBe(false)
    expect(acl(['secretive/*', ['read']]).hasAnyAccessUnder('secret/')).toBe(false)
    expect(acl(['secret/data/*', ['deny']], ['secret/meta', []]).hasAnyAccessUnder('secret/')).toBe(false)
    expect(acl(['+', ['read']]).hasAnyAccessUnder('auth/approle/')).toBe(false)
    expect(acl(['other/+/x', ['read']]).hasAnyAccessUnder('auth/approle/')).toBe(false)
  })
})

describe('ACL: parameter constraints', () => {
  const allowed = acl([
    'transit/keys/*',
    ['create', 'update', 'read', 'list'],
    { allowedParameters: { type: ['aes256-gcm96', 'chacha*'], exportable: [false], comment: [] } },
  ])

  it('allows listed values, globbed values and any value for an empty list', () => {
    expect(allowed.check('update', 'transit/keys/k', { type: 'aes256-gcm96' }).allowed).toBe(true)
    expect(allowed.check('update', 'transit/keys/k', { type: 'chacha20-poly1305', comment: 'x' }).allowed).toBe(true)
    expect(allowed.check('update', 'transit/keys/k', { exportable: false }).allowed).toBe(true)
  })

  it('denies unlisted values and unlisted parameters', () => {
    expect(allowed.check('update', 'transit/keys/k', { type: 'rsa-4096' }).allowed).toBe(false)
    expect(allowed.check('update', 'transit/keys/k', { exportable: true }).allowed).toBe(false)
    expect(allowed.check('create', 'transit/keys/k', { derived: true }).allowed).toBe(false)
  })

  it('matches parameter names case-insensitively', () => {
    expect(allowed.check('update', 'transit/keys/k', { TYPE: 'aes256-gcm96' }).allowed).toBe(true)
  })

  it('empty data passes; no data skips the checks; list is never checked', () => {
    expect(allowed.check('update', 'transit/keys/k', {}).allowed).toBe(true)
    expect(allowed.check('update', 'transit/keys/k').allowed).toBe(true)
    expect(allowed.check('list', 'transit/keys/', { derived: true }).allowed).toBe(true)
  })

  it('read is checked too, as in Vault', () => {
    expect(allowed.check('read', 'transit/keys/k', { derived: 'x' }).allowed).toBe(false)
  })

  it('"*" allows any other parameter while listed ones stay constrained', () => {
    const a = acl(['x', ['update'], { allowedParameters: { '*': [], mode: ['safe'] } }])
    expect(a.check('update', 'x', { anything: 1 }).allowed).toBe(true)
    expect(a.check('update', 'x', { mode: 'unsafe' }).allowed).toBe(false)
    expect(a.check('update', 'x', { mode: 'safe', other: 2 }).allowed).toBe(true)
  })

  it('denied_parameters: listed values, any value, and "*" for every parameter', () => {
    const a = acl(['x', ['update'], { deniedParameters: { policies: ['root', '*admin'], ttl: [] } }])
    expect(a.check('update', 'x', { policies: 'root' }).allowed).toBe(false)
    expect(a.check('update', 'x', { policies: 'superadmin' }).allowed).toBe(false)
    expect(a.check('update', 'x', { policies: 'dev' }).allowed).toBe(true)
    expect(a.check('update', 'x', { ttl: '1h' }).allowed).toBe(false)
    const all = acl(['x', ['update'], { deniedParameters: { '*': [] } }])
    expect(all.check('update', 'x', { a: 1 }).allowed).toBe(false)
    expect(all.check('update', 'x', {}).allowed).toBe(true)
  })

  it('denied wins over allowed', () => {
    const a = acl(['x', ['update'], { allowedParameters: { a: [] }, deniedParameters: { a: ['bad'] } }])
    expect(a.check('update', 'x', { a: 'good' }).allowed).toBe(true)
    expect(a.check('update', 'x', { a: 'bad' }).allowed).toBe(false)
  })

  it('required_parameters must be present (lower-cased name)', () => {
    const a = acl(['x', ['create', 'patch'], { requiredParameters: ['Name'] }])
    expect(a.check('create', 'x', { name: 'n' }).allowed).toBe(true)
    expect(a.check('create', 'x', { other: 'n' }).allowed).toBe(false)
    expect(a.check('patch', 'x', {}).allowed).toBe(false)
  })

  it('value globs: leading, trailing, both, and a lone * that is literal', () => {
    const a = acl(['x', ['update'], { allowedParameters: { v: ['*-prod', 'dev-*', '*mid*', '*'] } }])
    for (const ok of ['a-prod', 'dev-1', 'xmidx', '*']) expect(a.check('update', 'x', { v: ok }).allowed).toBe(true)
    for (const bad of ['prod', 'de', 'other']) expect(a.check('update', 'x', { v: bad }).allowed).toBe(false)
  })

  it('merging across policies: lists join, an empty list wins', () => {
    const a = ACL.fromPolicies([
      pol('a', ['x', ['update'], { allowedParameters: { v: ['one'], w: ['k'] } }]),
      pol('b', ['x', ['update'], { allowedParameters: { v: ['two'], w: [] } }]),
    ])
    expect(a.check('update', 'x', { v: 'one' }).allowed).toBe(true)
    expect(a.check('update', 'x', { v: 'two' }).allowed).toBe(true)
    expect(a.check('update', 'x', { v: 'three' }).allowed).toBe(false)
    expect(a.check('update', 'x', { w: 'anything' }).allowed).toBe(true)
  })

  it('a "__proto__" or "constructor" parameter is just a name', () => {
    const a = acl(['x', ['update'], { allowedParameters: { name: [] } }])
    expect(a.check('update', 'x', JSON.parse('{"__proto__": 1}') as Record<string, unknown>).allowed).toBe(false)
    expect(a.check('update', 'x', { constructor: 1 }).allowed).toBe(false)
  })
})

describe('ACL: wrapping TTL constraints', () => {
  const a = acl(['sys/wrapping/wrap', ['update'], { minWrappingTtl: 60, maxWrappingTtl: 300 }])

  it('requires a wrapped request within the bounds', () => {
    expect(a.check('update', 'sys/wrapping/wrap').allowed).toBe(false)
    expect(a.check('update', 'sys/wrapping/wrap', undefined, 30).allowed).toBe(false)
    expect(a.check('update', 'sys/wrapping/wrap', undefined, 120).allowed).toBe(true)
    expect(a.check('update', 'sys/wrapping/wrap', undefined, 600).allowed).toBe(false)
  })

  it('does not affect capabilities()', () => {
    expect(a.capabilities('sys/wrapping/wrap')).toEqual(['update'])
  })
})

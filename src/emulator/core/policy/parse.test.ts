import { describe, it, expect } from 'vitest'
import { PolicyParseError, parsePolicy } from './parse.js'
import { DEFAULT_POLICY, DEFAULT_POLICY_TEXT, RESPONSE_WRAPPING_POLICY, RESPONSE_WRAPPING_POLICY_TEXT } from './builtin-policies.js'

async function parseError(text: string): Promise<string> {
  try {
    await parsePolicy('p', text)
  } catch (err) {
    expect(err).toBeInstanceOf(PolicyParseError)
    return (err as Error).message
  }
  throw new Error('expected a parse error')
}

describe('parsePolicy: HCL', () => {
  it('reads path blocks in file order, keeping name and text', async () => {
    const text = `
path "secret/data/+/config" {
  capabilities = ["read", "list"]
}
path "auth/*" { capabilities = ["update"] }
path "a/b" {
  capabilities = ["create"]
}
`
    const p = await parsePolicy('app', text)
    expect(p.name).toBe('app')
    expect(p.text).toBe(text)
    expect(p.rules).toEqual([
      { path: 'secret/data/+/config', capabilities: ['read', 'list'] },
      { path: 'auth/*', capabilities: ['update'] },
      { path: 'a/b', capabilities: ['create'] },
    ])
  })

  it('keeps a path written twice as two rules (the ACL merges them)', async () => {
    const p = await parsePolicy('p', 'path "x" { capabilities = ["read"] }\npath "y" { capabilities = ["list"] }\npath "x" { capabilities = ["update"] }\n')
    expect(p.rules.map((r) => [r.path, r.capabilities])).toEqual([
      ['x', ['read']],
      ['y', ['list']],
      ['x', ['update']],
    ])
  })

  it('dedupes capabilities into canonical order', async () => {
    const p = await parsePolicy('p', 'path "x" { capabilities = ["list", "read", "list", "sudo", "patch", "create"] }')
    expect(p.rules[0]?.capabilities).toEqual(['create', 'read', 'patch', 'list', 'sudo'])
  })

  it('an empty policy and a comment-only policy have no rules', async () => {
    expect((await parsePolicy('p', '')).rules).toEqual([])
    expect((await parsePolicy('p', '# nothing\n// here\n')).rules).toEqual([])
  })

  it('accepts comment, name, mfa_methods and control_group keys', async () => {
    const p = await parsePolicy(
      'p',
      'name = "ignored"\npath "x" {\n  comment = "hi"\n  capabilities = ["read"]\n  mfa_methods = ["m"]\n  control_group = { ttl = "1h" }\n}\n',
    )
    expect(p.rules).toEqual([{ path: 'x', capabilities: ['read'] }])
  })

  it('ignores subscribe and recover (valid in Vault, nothing to gate here)', async () => {
    const p = await parsePolicy('p', 'path "x" { capabilities = ["subscribe", "read", "recover"] }')
    expect(p.rules[0]?.capabilities).toEqual(['read'])
  })

  it('a label-less path block is a rule for the path "path", as in Vault', async () => {
    const p = await parsePolicy('p', 'path {\n  capabilities = ["read"]\n}\n')
    expect(p.rules).toEqual([{ path: 'path', capabilities: ['read'] }])
  })

  it('keeps paths as written (leading slash and identity templates included)', async () => {
    const p = await parsePolicy('p', 'path "/secret/x" { capabilities = ["read"] }\npath "identity/entity/id/{{identity.entity.id}}" { capabilities = ["read"] }')
    expect(p.rules.map((r) => r.path)).toEqual(['/secret/x', 'identity/entity/id/{{identity.entity.id}}'])
  })
})

describe('parsePolicy: legacy policy = "..."', () => {
  const legacy = async (word: string, caps = ''): Promise<string[] | undefined> =>
    (await parsePolicy('p', `path "x" {\n  policy = "${word}"\n${caps}}\n`)).rules[0]?.capabilities

  it('read = read + list', async () => {
    expect(await legacy('read')).toEqual(['read', 'list'])
  })
  it('write = create, read, update, delete, list (no patch)', async () => {
    expect(await legacy('write')).toEqual(['create', 'read', 'update', 'delete', 'list'])
  })
  it('sudo = write + sudo', async () => {
    expect(await legacy('sudo')).toEqual(['create', 'read', 'update', 'delete', 'list', 'sudo'])
  })
  it('deny = deny, replacing listed capabilities', async () => {
    expect(await legacy('deny', '  capabilities = ["read", "update"]\n')).toEqual(['deny'])
  })
  it('adds to listed capabilities', async () => {
    expect(await legacy('read', '  capabilities = ["patch"]\n')).toEqual(['read', 'patch', 'list'])
  })
})

describe('parsePolicy: deny', () => {
  it('deny next to other capabilities leaves deny alone and drops constraints', async () => {
    const p = await parsePolicy(
      'p',
      'path "x" {\n  capabilities = ["read", "deny", "update"]\n  allowed_parameters = { "a" = [] }\n  required_parameters = ["a"]\n}\n',
    )
    expect(p.rules).toEqual([{ path: 'x', capabilities: ['deny'] }])
  })
})

describe('parsePolicy: parameters and wrapping TTLs', () => {
  it('reads allowed/denied/required parameters, lower-casing names', async () => {
    const p = await parsePolicy(
      'p',
      `path "x" {
  capabilities = ["create"]
  allowed_parameters = {
    "Foo" = ["a", "b*"]
    "*" = []
  }
  denied_parameters = {
    "bar" = [1, true]
  }
  required_parameters = ["Foo"]
}`,
    )
    expect(p.rules[0]).toEqual({
      path: 'x',
      capabilities: ['create'],
      allowedParameters: { foo: ['a', 'b*'], '*': [] },
      deniedParameters: { bar: [1, true] },
      requiredParameters: ['Foo'],
    })
  })

  it('accepts the HCL 1 block form allowed_parameters { ... }', async () => {
    const p = await parsePolicy('p', 'path "x" {\n  capabilities = ["update"]\n  allowed_parameters {\n    "ttl" = ["1h"]\n  }\n}\n')
    expect(p.rules[0]?.allowedParameters).toEqual({ ttl: ['1h'] })
  })

  it('parses wrapping TTLs as durations in seconds', async () => {
    const p = await parsePolicy('p', 'path "x" {\n  capabilities = ["read"]\n  min_wrapping_ttl = "1m"\n  max_wrapping_ttl = 3600\n}\n')
    expect(p.rules[0]).toMatchObject({ minWrappingTtl: 60, maxWrappingTtl: 3600 })
  })
})

describe('parsePolicy: JSON form', () => {
  it('reads {"path": {"<p>": {...}}}', async () => {
    const p = await parsePolicy('p', '{"path":{"secret/*":{"capabilities":["read"]},"b":{"policy":"write"}}}')
    expect(p.rules).toEqual([
      { path: 'secret/*', capabilities: ['read'] },
      { path: 'b', capabilities: ['create', 'read', 'update', 'delete', 'list'] },
    ])
  })

  it('reads the list shapes too, with leading whitespace', async () => {
    const p = await parsePolicy('p', '  \n{"path":[{"a":{"capabilities":["list"]}},{"b":[{"capabilities":["read"]}]}]}')
    expect(p.rules).toEqual([
      { path: 'a', capabilities: ['list'] },
      { path: 'b', capabilities: ['read'] },
    ])
  })

  it('reports JSON syntax errors with line and column', async () => {
    expect(await parseError('{"path":{"a":{"capabilities":["read"]},}}')).toBe(
      'failed to parse policy: At 1:40: Expected double-quoted property name',
    )
  })

  it('reports an invalid capability with the line of the path key', async () => {
    expect(await parseError('{"path": {\n  "a": {"capabilities": ["read"]},\n  "b": {"capabilities": ["bogus"]}\n}}')).toBe(
      'failed to parse policy: path "b": invalid capability "bogus" on line 3',
    )
  })
})

describe('parsePolicy: errors', () => {
  it('HCL syntax error names line and column', async () => {
    const msg = await parseError('path "a" {\n  capabilities = ["read",\n}\n')
    expect(msg).toBe(
      'failed to parse policy: At 3:1: Invalid expression; Expected the start of an expression, but found an invalid expression token.',
    )
  })

  it('unclosed block', async () => {
    expect(await parseError('path "a" {\n  capabilities = ["read"]\n')).toMatch(
      /^failed to parse policy: At 1:10: Unclosed configuration block/,
    )
  })

  it('unknown capability names path, capability and the line its block starts on', async () => {
    const text = 'path "ok" {\n  capabilities = ["read"]\n}\n\npath "secret/*" {\n  capabilities = ["read", "reed"]\n}\n'
    expect(await parseError(text)).toBe('failed to parse policy: path "secret/*": invalid capability "reed" on line 5')
  })

  it('finds the right block when the same path appears twice', async () => {
    const text = 'path "x" {\n  capabilities = ["read"]\n}\npath "x" {\n  capabilities = ["raed"]\n}\n'
    expect(await parseError(text)).toBe('failed to parse policy: path "x": invalid capability "raed" on line 4')
  })

  it('the first error in file order is the one reported', async () => {
    const text = 'path "zzz" {\n  capabilities = ["one"]\n}\npath "aaa" {\n  capabilities = ["two"]\n}\n'
    expect(await parseError(text)).toBe('failed to parse policy: path "zzz": invalid capability "one" on line 1')
  })

  it('unknown legacy policy word', async () => {
    expect(await parseError('path "a" {\n  policy = "reed"\n}')).toBe('failed to parse policy: path "a": invalid policy "reed" on line 2')
  })

  it('+* together is forbidden (path shown without its leading slash)', async () => {
    expect(await parseError('path "/foo/+*" {\n  capabilities = ["read"]\n}')).toBe(
      "failed to parse policy: path \"foo/+*\": invalid use of wildcards ('+*' is forbidden) on line 1",
    )
  })

  it('unknown keys in a path block are all listed, multierror style', async () => {
    const text = 'path "a" {\n  capabilities = ["read"]\n}\npath "secret/*" {\n  capabilities = ["read"]\n  foo = 1\n  bar { }\n}\n'
    expect(await parseError(text)).toBe(
      'failed to parse policy: 2 errors occurred:\n\t* path "secret/*": invalid key "foo" on line 6\n\t* path "secret/*": invalid key "bar" on line 7\n\n',
    )
  })

  it('unknown top-level key', async () => {
    expect(await parseError('path "a" { capabilities = ["read"] }\nfoo = 1\n')).toBe(
      'failed to parse policy: 1 error occurred:\n\t* invalid key "foo" on line 2\n\n',
    )
  })

  it('bad wrapping TTLs', async () => {
    expect(await parseError('path "a" {\n  capabilities = ["read"]\n  min_wrapping_ttl = "1x"\n}')).toBe(
      'failed to parse policy: error parsing min_wrapping_ttl: time: unknown unit "x" in duration "1x" on line 3',
    )
    expect(await parseError('path "a" {\n  capabilities = ["read"]\n  min_wrapping_ttl = "1h"\n  max_wrapping_ttl = 60\n}')).toBe(
      'failed to parse policy: max_wrapping_ttl cannot be less than min_wrapping_ttl on line 4',
    )
  })

  it('capabilities must be a list', async () => {
    expect(await parseError('path "a" {\n  capabilities = "read"\n}')).toBe(
      'failed to parse policy: path "a": capabilities must be a list on line 2',
    )
  })
})

describe('built-in policies', () => {
  it('DEFAULT_POLICY is exactly what its text parses to', async () => {
    const parsed = await parsePolicy('default', DEFAULT_POLICY_TEXT)
    expect(DEFAULT_POLICY.name).toBe('default')
    expect(DEFAULT_POLICY.text).toBe(DEFAULT_POLICY_TEXT)
    expect(DEFAULT_POLICY.rules).toEqual(parsed.rules)
  })

  it('RESPONSE_WRAPPING_POLICY is exactly what its text parses to', async () => {
    expect(RESPONSE_WRAPPING_POLICY.rules).toEqual((await parsePolicy('response-wrapping', RESPONSE_WRAPPING_POLICY_TEXT)).rules)
  })
})

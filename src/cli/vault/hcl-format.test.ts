import { describe, expect, it } from 'vitest'
import { formatHcl } from './hcl-format.js'

describe('formatHcl (vault policy fmt layout)', () => {
  it('indents, spaces lists and separates top-level blocks', () => {
    expect(formatHcl('path "secret/data/a/*" {\ncapabilities=["read","list"]\n}\npath "b" {\n    capabilities = [ "deny" ]\n}')).toBe(
      'path "secret/data/a/*" {\n  capabilities = ["read", "list"]\n}\n\npath "b" {\n  capabilities = ["deny"]\n}\n',
    )
  })

  it('aligns = across consecutive attributes, keeps comments and blank lines inside blocks', () => {
    const source = [
      '# app policy',
      'path "secret/data/app" {',
      'capabilities = ["create","read"]',
      '\tmin_wrapping_ttl = "1s"',
      '',
      '# limits',
      'max_wrapping_ttl="90s"',
      'allowed_parameters = {',
      '"color" = [ "red", "blue" ]',
      '"*"=[]',
      '}',
      '} # end',
    ].join('\n')
    expect(formatHcl(source)).toBe(
      [
        '# app policy',
        'path "secret/data/app" {',
        '  capabilities     = ["create", "read"]',
        '  min_wrapping_ttl = "1s"',
        '',
        '  # limits',
        '  max_wrapping_ttl = "90s"',
        '  allowed_parameters = {',
        '    "color" = ["red", "blue"]',
        '    "*"     = []',
        '  }',
        '} # end',
        '',
      ].join('\n'),
    )
  })

  it('keeps a multi-line list one element per line with trailing commas', () => {
    expect(formatHcl('path "x" {\n  capabilities = [\n"read",\n"list"\n]\n}\n')).toBe('path "x" {\n  capabilities = [\n    "read",\n    "list",\n  ]\n}\n')
  })

  it('is idempotent on the repository policy layout', () => {
    const formatted = 'path "a" {\n  capabilities = ["read"]\n}\n\n# b\npath "b" {\n  capabilities = ["update"]\n}\n'
    expect(formatHcl(formatted)).toBe(formatted)
  })
})

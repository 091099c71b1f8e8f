import { describe, expect, it } from 'vitest'
import { disallowedCommonName, firstDisallowedName, globMatch } from './name-policy.js'
import type { NamePolicy } from './name-policy.js'

const base: NamePolicy = {
  allow_any_name: false,
  enforce_hostnames: true,
  allow_localhost: true,
  allow_subdomains: false,
  allow_bare_domains: false,
  allow_glob_domains: false,
  allow_wildcard_certificates: true,
  allowed_domains: ['example.com'],
  cn_validations: ['email', 'hostname'],
}
const allows = (policy: Partial<NamePolicy>, name: string): boolean => firstDisallowedName({ ...base, ...policy }, [name]) === undefined

describe('role name policy', () => {
  it('allowed_domains alone admits nothing; bare and subdomains must be switched on', () => {
    expect(allows({}, 'example.com')).toBe(false)
    expect(allows({}, 'a.example.com')).toBe(false)
    expect(allows({ allow_bare_domains: true }, 'example.com')).toBe(true)
    expect(allows({ allow_bare_domains: true }, 'a.example.com')).toBe(false)
    expect(allows({ allow_subdomains: true }, 'a.b.example.com')).toBe(true)
    expect(allows({ allow_subdomains: true }, 'example.com')).toBe(false)
    expect(allows({ allow_subdomains: true }, 'notexample.com')).toBe(false)
  })

  it('wildcards: *.domain needs subdomains, and can be forbidden', () => {
    expect(allows({ allow_subdomains: true }, '*.example.com')).toBe(true)
    expect(allows({ allow_subdomains: true, allow_wildcard_certificates: false }, '*.example.com')).toBe(false)
    expect(allows({ allow_subdomains: true }, 'a.*.example.com')).toBe(false)
  })

  it('globs match across dots', () => {
    expect(globMatch('*.example.com', 'a.b.example.com')).toBe(true)
    expect(globMatch('web-*.example.com', 'web-1.example.com')).toBe(true)
    expect(globMatch('web-*.example.com', 'db-1.example.com')).toBe(false)
    expect(allows({ allowed_domains: ['web-*.example.com'], allow_glob_domains: true }, 'web-7.example.com')).toBe(true)
    expect(allows({ allowed_domains: ['web-*.example.com'] }, 'web-7.example.com')).toBe(false)
  })

  it('localhost, any name, hostname enforcement', () => {
    expect(allows({}, 'localhost')).toBe(true)
    expect(allows({ allow_localhost: false }, 'localhost')).toBe(false)
    expect(allows({ allow_any_name: true }, 'anything.at.all')).toBe(true)
    expect(allows({ allow_any_name: true }, 'not a hostname')).toBe(false)
    expect(allows({ allow_any_name: true, enforce_hostnames: false }, 'not a hostname')).toBe(true)
  })

  it('common names: validations off accept anything', () => {
    expect(disallowedCommonName({ ...base, cn_validations: ['disabled'] }, 'My Service')).toBeUndefined()
    expect(disallowedCommonName(base, 'My Service')).toBe('My Service')
    expect(disallowedCommonName({ ...base, allow_subdomains: true }, 'me@a.example.com')).toBeUndefined()
    expect(disallowedCommonName({ ...base, allow_subdomains: true, cn_validations: ['hostname'] }, 'me@a.example.com')).toBe('me@a.example.com')
  })
})

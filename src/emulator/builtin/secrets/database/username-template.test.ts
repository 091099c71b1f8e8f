import { describe, expect, it } from 'vitest'
import { DEFAULT_POSTGRES_USERNAME_TEMPLATE, parseUsernameTemplate } from './username-template.js'

const NOW = Date.parse('2030-01-01T00:00:00Z')
const render = (source: string, DisplayName = 'token', RoleName = 'readonly'): string =>
  parseUsernameTemplate(source).render({ DisplayName, RoleName }, NOW)

describe('username templates', () => {
  it("renders Vault's default postgres template on the virtual clock", () => {
    const name = render(DEFAULT_POSTGRES_USERNAME_TEMPLATE, 'token', 'app-readonly')
    expect(name).toMatch(/^v-token-app-read-[0-9A-Za-z]{20}-1893456000$/)
  })

  it('truncates the display name and role to 8 bytes and the whole name to 63', () => {
    expect(render(DEFAULT_POSTGRES_USERNAME_TEMPLATE, 'kubernetes-production', 'a-very-long-role')).toMatch(/^v-kubernet-a-very-l-[0-9A-Za-z]{20}-1893456000$/)
    const long = render('{{ printf "%s%s" .DisplayName .RoleName | truncate 63 }}', 'x'.repeat(40), 'y'.repeat(40))
    expect(long).toHaveLength(63)
  })

  it('offers the functions of sdk/helper/template', () => {
    expect(render('{{ .RoleName | uppercase }}')).toBe('READONLY')
    expect(render('{{ "A-B" | lowercase | replace "-" "_" }}')).toBe('a_b')
    expect(render('{{ .DisplayName | sha256 }}')).toBe('3c469e9d6c5875d37a43f353d4f88e61fcf812c66eee3457465a40b0da4153e0')
    expect(render('{{ .DisplayName | base64 }}')).toBe('dG9rZW4=')
    expect(render('{{ unix_time_millis }}')).toBe('1893456000000')
    expect(render('{{ timestamp "2006-01-02T15:04:05Z07:00" }}')).toBe('2030-01-01T00:00:00Z')
    expect(render('{{ uuid }}')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/)
    expect(render('{{ random 12 }}')).toMatch(/^[0-9A-Za-z]{12}$/)
    expect(render('{{ "abcdefghijklmnop" | truncate_sha256 12 }}')).toMatch(/^abcd[0-9a-f]{8}$/)
    expect(render('pre-{{- " x" -}} -post')).toBe('pre- x-post')
  })

  it('refuses unknown functions and control actions at parse time, and bad arguments when run', () => {
    expect(() => parseUsernameTemplate('{{ nope 3 }}')).toThrow('unable to parse template: template: template:1: function "nope" not defined')
    expect(() => parseUsernameTemplate('{{ if .RoleName }}x{{ end }}')).toThrow(/unable to parse template/)
    expect(() => parseUsernameTemplate('{{ .RoleName ')).toThrow(/unclosed action/)
    expect(() => render('{{ .RoleName | truncate 0 }}')).toThrow('error calling truncate: max length must be > 0 but was 0')
    expect(() => render('{{ .Nope }}')).toThrow(/can't evaluate field Nope/)
  })
})

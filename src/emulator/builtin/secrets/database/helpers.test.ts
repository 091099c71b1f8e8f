import { describe, expect, it } from 'vitest'
import { generatePassword } from './password-generator.js'
import { scrubSecrets, pathEscape } from './scrub.js'
import { redactConnectionUrl, renderConnectionUrl, resolveConnection } from './connection-url.js'
import { EXPIRATION_LAYOUT, formatGoTime, formatRfc3339Nano } from './go-time-format.js'
import { isAllowedRole } from './allowed-roles.js'
import { scramSha256Verifier } from './scram.js'
import { goSprintf } from './go-sprintf.js'

describe('database helpers', () => {
  it('generates 20-character passwords from [A-Za-z0-9-] with one of each class', () => {
    for (let i = 0; i < 200; i++) {
      const p = generatePassword()
      expect(p).toMatch(/^[A-Za-z0-9-]{20}$/)
      expect(p).toMatch(/[a-z]/)
      expect(p).toMatch(/[A-Z]/)
      expect(p).toMatch(/[0-9]/)
      expect(p).toContain('-')
    }
  })

  it('formats {{expiration}} and RFC 3339 the way Go does', () => {
    const t = Date.parse('2026-03-23T15:05:14.250Z')
    expect(formatGoTime(t, EXPIRATION_LAYOUT)).toBe('2026-03-23 15:05:14+0000')
    expect(formatRfc3339Nano(t)).toBe('2026-03-23T15:05:14.25Z')
    expect(formatRfc3339Nano(Date.parse('2026-03-23T15:05:14Z'))).toBe('2026-03-23T15:05:14Z')
    expect(formatGoTime(t, 'Mon Jan _2 03:04:05 PM MST 2006')).toBe('Mon Mar 23 03:05:14 PM UTC 2026')
  })

  it('scrubs known passwords and URL/DSN passwords out of texts', () => {
    expect(scrubSecrets('login failed for s3cr3t/x (s3cr3t%2Fx)', ['s3cr3t/x'])).toBe('login failed for [password] ([password])')
    expect(scrubSecrets('postgresql://admin:hunter2@db:5432/app', [])).toBe('postgresql://admin:xxxxx@db:5432/app')
    expect(scrubSecrets("host=db password='a b' user=x", [])).toBe('host=db password=xxxxx user=x')
  })

  it("escapes credentials into connection URLs like Go's url.PathEscape", () => {
    expect(pathEscape('a/b;c,d?e f:g@h$i&j+k=l~')).toBe('a%2Fb%3Bc%2Cd%3Fe%20f:g@h$i&j+k=l~')
    expect(renderConnectionUrl('postgresql://{{username}}:{{password}}@h/db', 'u', 'p/w', false)).toBe('postgresql://u:p%2Fw@h/db')
    const resolved = resolveConnection('postgresql://u:p%2Fw@127.0.0.1:6543/app?sslmode=disable')
    expect(resolved.config).toMatchObject({ host: '127.0.0.1', port: 6543, user: 'u', password: 'p/w', database: 'app', ssl: false })
    expect(resolveConnection("host=h port=1 user=u password='x y' dbname=d").config).toMatchObject({ host: 'h', port: 1, user: 'u', password: 'x y', database: 'd' })
    expect(redactConnectionUrl('postgresql://u:literal@h/db')).toBe('postgresql://u:xxxxx@h/db')
    expect(redactConnectionUrl('postgresql://{{username}}:{{password}}@h/db')).toBe('postgresql://{{username}}:{{password}}@h/db')
  })

  it('matches allowed_roles globs as Vault does', () => {
    expect(isAllowedRole(['*'], 'x')).toBe(true)
    expect(isAllowedRole(['app-*'], 'app-readonly')).toBe(true)
    expect(isAllowedRole(['*-ro', 'a*b*c'], 'db-ro')).toBe(true)
    expect(isAllowedRole(['a*b*c'], 'aXbYc')).toBe(true)
    expect(isAllowedRole(['readonly'], 'read')).toBe(false)
    expect(isAllowedRole([], 'readonly')).toBe(false)
  })

  it('builds SCRAM-SHA-256 verifiers in the format PostgreSQL stores', () => {
    const v = scramSha256Verifier('pencil', Buffer.from('0123456789abcdef'))
    expect(v).toMatch(/^SCRAM-SHA-256\$4096:MDEyMzQ1Njc4OWFiY2RlZg==\$[A-Za-z0-9+/]{43}=:[A-Za-z0-9+/]{43}=$/)
  })

  it("prints like Go's fmt.Sprintf", () => {
    expect(goSprintf('v-%s-%d-%05d-%%', ['a', 7, 42])).toBe('v-a-7-00042-%')
    expect(goSprintf('%s-%s', ['a'])).toBe('a-%!s(MISSING)')
  })
})

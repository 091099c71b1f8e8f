import { describe, expect, it } from 'vitest'
import { auditTime, issueTime } from './format-entry.js'

describe('audit timestamps', () => {
  it('writes time as Go RFC3339Nano in UTC: no trailing zeros in the fraction', () => {
    expect(auditTime(Date.parse('2030-01-01T00:00:00.000Z'))).toBe('2030-01-01T00:00:00Z')
    expect(auditTime(Date.parse('2030-01-01T00:00:00.500Z'))).toBe('2030-01-01T00:00:00.5Z')
    expect(auditTime(Date.parse('2030-01-01T00:00:00.120Z'))).toBe('2030-01-01T00:00:00.12Z')
    expect(auditTime(Date.parse('2030-01-01T00:00:10.123Z'))).toBe('2030-01-01T00:00:10.123Z')
  })

  it('writes token_issue_time as RFC3339 in whole seconds', () => {
    expect(issueTime(Date.parse('2030-01-01T12:34:56.789Z'))).toBe('2030-01-01T12:34:56Z')
  })
})

import { describe, expect, it } from 'vitest'
import { rfc3339 } from './time-format.js'

describe('rfc3339', () => {
  it("formats instants as Go's RFC3339Nano does: no fraction on whole seconds, no trailing zeros", () => {
    expect(rfc3339(Date.parse('2030-01-01T01:00:00Z'))).toBe('2030-01-01T01:00:00Z')
    expect(rfc3339(Date.parse('2030-01-01T01:00:00.500Z'))).toBe('2030-01-01T01:00:00.5Z')
    expect(rfc3339(Date.parse('2030-01-01T01:00:00.120Z'))).toBe('2030-01-01T01:00:00.12Z')
    expect(rfc3339(Date.parse('2030-01-01T01:00:00.123Z'))).toBe('2030-01-01T01:00:00.123Z')
  })

  it('gives the same text for an instant served from its cache', () => {
    const ms = Date.parse('2031-05-06T07:08:09.010Z')
    expect(rfc3339(ms)).toBe('2031-05-06T07:08:09.01Z')
    expect(rfc3339(ms)).toBe('2031-05-06T07:08:09.01Z')
  })
})

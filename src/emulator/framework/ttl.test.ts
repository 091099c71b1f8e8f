import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { calculateTtl } from './ttl.js'
import { VaultError } from '../core/errors.js'

const H = 3600
const SYSTEM = { defaultTtl: 768 * H, maxTtl: 768 * H }
const NOW = Date.parse('2030-01-01T00:00:00Z')

describe('calculateTtl', () => {
  it('falls back to the mount default when nothing is asked for', () => {
    expect(calculateTtl({ mount: SYSTEM, nowMs: NOW })).toEqual({ ttl: 768 * H, warnings: [] })
    expect(calculateTtl({ mount: { defaultTtl: H, maxTtl: 2 * H }, nowMs: NOW }).ttl).toBe(H)
  })

  it('prefers the increment, then the backend TTL', () => {
    expect(calculateTtl({ increment: 60, backendTtl: 120, mount: SYSTEM, nowMs: NOW }).ttl).toBe(60)
    expect(calculateTtl({ backendTtl: 120, mount: SYSTEM, nowMs: NOW }).ttl).toBe(120)
  })

  it('caps at the mount max with Vault’s warning', () => {
    const result = calculateTtl({ backendTtl: 48 * H, mount: { defaultTtl: H, maxTtl: 24 * H }, nowMs: NOW })
    expect(result).toEqual({
      ttl: 24 * H,
      warnings: ['TTL of "48h" exceeded the effective max_ttl of "24h"; TTL value is capped accordingly'],
    })
  })

  it('lowers the max by the backend max and the explicit max', () => {
    expect(calculateTtl({ backendTtl: 10 * H, backendMaxTtl: 2 * H, mount: SYSTEM, nowMs: NOW }).ttl).toBe(2 * H)
    expect(calculateTtl({ backendTtl: 10 * H, explicitMaxTtl: 30 * 60, mount: SYSTEM, nowMs: NOW })).toEqual({
      ttl: 1800,
      warnings: ['TTL of "10h" exceeded the effective max_ttl of "30m"; TTL value is capped accordingly'],
    })
  })

  it('computes the remaining time from the start, not from now', () => {
    const start = NOW - 20 * H * 1000
    const result = calculateTtl({ increment: 10 * H, explicitMaxTtl: 24 * H, mount: SYSTEM, startMs: start, nowMs: NOW })
    expect(result.ttl).toBe(4 * H)
    expect(result.warnings[0]).toContain('effective max_ttl of "4h"')
  })

  it('refuses once the hard limit has passed', () => {
    const start = NOW - 25 * H * 1000
    const run = () => calculateTtl({ increment: H, explicitMaxTtl: 24 * H, mount: SYSTEM, startMs: start, nowMs: NOW })
    expect(run).toThrow(VaultError)
    expect(run).toThrow('past the max TTL, cannot renew')
    try {
      run()
    } catch (err) {
      expect((err as VaultError).status).toBe(400)
    }
  })

  it('gives a periodic lease its period whatever the increment, bounded only by an explicit max', () => {
    const start = NOW - 1000 * H * 1000 // far past the mount max: periods ignore it
    expect(calculateTtl({ increment: 5, period: H, mount: SYSTEM, startMs: start, nowMs: NOW })).toEqual({ ttl: H, warnings: [] })
    const capped = calculateTtl({ period: 2 * H, explicitMaxTtl: 90 * 60, mount: SYSTEM, startMs: NOW - 60 * 60 * 1000, nowMs: NOW })
    expect(capped.ttl).toBe(30 * 60)
    expect(capped.warnings).toEqual([
      'period of "2h" exceeded the effective max_ttl of "1h30m"; period value is capped accordingly',
      'TTL of "1h30m" exceeded the effective max_ttl of "30m"; TTL value is capped accordingly',
    ])
  })

  it('caps a period above the mount max', () => {
    const result = calculateTtl({ period: 1000 * H, mount: SYSTEM, nowMs: NOW })
    expect(result.ttl).toBe(768 * H)
    expect(result.warnings).toEqual(['period of "1000h" exceeded the effective max_ttl of "768h"; period value is capped accordingly'])
  })

  it('truncates times to the second', () => {
    const result = calculateTtl({ increment: 100, explicitMaxTtl: 100, mount: SYSTEM, startMs: NOW + 999, nowMs: NOW + 999 })
    expect(result).toEqual({ ttl: 100, warnings: [] })
  })

  it('rejects a non-positive effective max as an internal error', () => {
    expect(() => calculateTtl({ mount: { defaultTtl: 0, maxTtl: 0 }, nowMs: NOW })).toThrow('max TTL must be greater than zero')
  })

  it('never grants past start + effective max (property)', () => {
    fc.assert(
      fc.property(
        fc.nat(100 * H),
        fc.nat(100 * H),
        fc.nat(100 * H),
        fc.integer({ min: 1, max: 1000 * H }),
        fc.nat(50 * H),
        (increment, backendTtl, explicitMaxTtl, maxTtl, elapsed) => {
          const mount = { defaultTtl: Math.min(H, maxTtl), maxTtl }
          const startMs = NOW - elapsed * 1000
          const effectiveMax = explicitMaxTtl > 0 ? Math.min(explicitMaxTtl, maxTtl) : maxTtl
          try {
            const { ttl } = calculateTtl({ increment, backendTtl, explicitMaxTtl, mount, startMs, nowMs: NOW })
            expect(ttl).toBeGreaterThan(0)
            expect(elapsed + ttl).toBeLessThanOrEqual(effectiveMax)
          } catch (err) {
            expect(err).toBeInstanceOf(VaultError)
            expect(elapsed).toBeGreaterThanOrEqual(effectiveMax)
          }
        },
      ),
    )
  })
})

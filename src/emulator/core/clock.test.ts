import { describe, expect, it } from 'vitest'
import { Clock, ClockError } from './clock.js'

const START = '2030-01-01T00:00:00.000Z'

describe('Clock', () => {
  it('stands still when frozen and moves only when told', async () => {
    const clock = new Clock({ mode: 'frozen', start: START })
    expect(clock.iso()).toBe(START)
    await clock.advance('90m')
    expect(clock.iso()).toBe('2030-01-01T01:30:00.000Z')
    await clock.advance(30)
    await clock.advance('1d')
    expect(clock.iso()).toBe('2030-01-02T01:30:30.000Z')
    await clock.set('2031-01-01T00:00:00Z')
    expect(clock.unix()).toBe(Date.parse('2031-01-01T00:00:00Z') / 1000)
  })

  it('refuses to move backwards or by a negative or malformed duration', async () => {
    const clock = new Clock({ mode: 'frozen', start: START })
    await expect(clock.set('2029-12-31T23:59:59Z')).rejects.toThrow(ClockError)
    await expect(clock.advance('-1h')).rejects.toThrow('negative')
    await expect(clock.advance('1x')).rejects.toThrow('unknown unit "x"')
    await expect(clock.set('not a time')).rejects.toThrow('invalid time')
    expect(clock.iso()).toBe(START)
  })

  it('runs due timers in due order, each at its own instant, and reports their outcomes', async () => {
    const clock = new Clock({ mode: 'frozen', start: START })
    const seen: string[] = []
    const at = (offsetMin: number) => Date.parse(START) + offsetMin * 60_000
    clock.schedule('b', at(20), async () => {
      seen.push(`b@${clock.iso()}`)
      return { kind: 'expired', id: 'b' }
    })
    clock.schedule('a', at(10), async () => {
      seen.push(`a@${clock.iso()}`)
      return { kind: 'expired', id: 'a' }
    })
    clock.schedule('late', at(120), async () => void seen.push('late'))
    const report = await clock.advance('1h')
    expect(seen).toEqual(['a@2030-01-01T00:10:00.000Z', 'b@2030-01-01T00:20:00.000Z'])
    expect(report.events).toEqual([{ kind: 'expired', id: 'a' }, { kind: 'expired', id: 'b' }])
    expect(report.to).toBe('2030-01-01T01:00:00.000Z')
  })

  it('moves a timer when it is scheduled again under the same key, and forgets cancelled ones', async () => {
    const clock = new Clock({ mode: 'frozen', start: START })
    const seen: string[] = []
    clock.schedule('lease', Date.parse(START) + 60_000, async () => void seen.push(`first@${clock.iso()}`))
    clock.schedule('lease', Date.parse(START) + 120_000, async () => void seen.push(`moved@${clock.iso()}`))
    clock.schedule('gone', Date.parse(START) + 30_000, async () => void seen.push('gone'))
    clock.cancel('gone')
    await clock.advance('5m')
    expect(seen).toEqual(['moved@2030-01-01T00:02:00.000Z'])
  })

  it('runs timers scheduled by other timers when they fall inside the same move', async () => {
    const clock = new Clock({ mode: 'frozen', start: START })
    let tries = 0
    const retry = async (): Promise<{ kind: string; id: string }> => {
      tries++
      if (tries < 3) clock.schedule('retry', clock.now() + 10_000, retry)
      return { kind: `try-${tries}`, id: 'x' }
    }
    clock.schedule('retry', Date.parse(START) + 1_000, retry)
    const report = await clock.advance('1m')
    expect(report.events.map((e) => e.kind)).toEqual(['try-1', 'try-2', 'try-3'])
  })

  it('reports a timer that throws without stopping the others', async () => {
    const clock = new Clock({ mode: 'frozen', start: START })
    clock.schedule('bad', Date.parse(START) + 1_000, async () => {
      throw new Error('boom')
    })
    clock.schedule('good', Date.parse(START) + 2_000, async () => ({ kind: 'expired', id: 'good' }))
    const report = await clock.advance('1m')
    expect(report.events).toEqual([
      { kind: 'error', id: 'bad', error: 'boom' },
      { kind: 'expired', id: 'good' },
    ])
  })

  it('serialises concurrent moves', async () => {
    const clock = new Clock({ mode: 'frozen', start: START })
    await Promise.all([clock.advance('1h'), clock.advance('1h'), clock.advance('1h')])
    expect(clock.iso()).toBe('2030-01-01T03:00:00.000Z')
  })

  it('in real mode follows wall time from the given start and fires due timers by itself', async () => {
    const clock = new Clock({ mode: 'real', start: START })
    expect(Math.abs(clock.now() - Date.parse(START))).toBeLessThan(1_000)
    const fired = new Promise<string>((resolve) => clock.schedule('soon', clock.now() + 30, async () => void resolve(clock.iso())))
    const when = await fired
    expect(Date.parse(when)).toBeGreaterThanOrEqual(Date.parse(START) + 30)
    await clock.advance('1h')
    expect(clock.now() - Date.parse(START)).toBeGreaterThanOrEqual(3_600_000)
    clock.dispose()
  })

  it('freezes and resumes where it stands', async () => {
    const clock = new Clock({ mode: 'real', start: START })
    clock.freeze()
    const frozen = clock.now()
    await clock.advance('10m')
    expect(clock.now()).toBe(frozen + 600_000)
    clock.resume()
    expect(clock.mode).toBe('real')
    expect(clock.now()).toBeGreaterThanOrEqual(frozen + 600_000)
    clock.dispose()
  })
})

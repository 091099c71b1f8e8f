import { describe, expect, it } from 'vitest'
import { hashPassword, verifyPassword } from './password-hash.js'
import { KdfQueue } from './kdf-queue.js'

describe('password hashing', () => {
  it('stores a salted scrypt hash, never the password', async () => {
    const a = await hashPassword('s3cret')
    const b = await hashPassword('s3cret')
    expect(a).toMatch(/^scrypt\$16384\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/)
    expect(a).not.toContain('s3cret')
    expect(a).not.toBe(b) // random salt
  })

  it('verifies the right password only', async () => {
    const stored = await hashPassword('s3cret')
    expect(await verifyPassword('s3cret', stored)).toBe(true)
    expect(await verifyPassword('s3cret ', stored)).toBe(false)
    expect(await verifyPassword('', stored)).toBe(false)
  })

  it('pays the full cost for an unknown user, so timing tells nothing', async () => {
    const stored = await hashPassword('s3cret')
    const time = async (fn: () => Promise<unknown>) => {
      const t = performance.now()
      await fn()
      return performance.now() - t
    }
    let known = 0
    let unknown = 0
    for (let i = 0; i < 3; i++) {
      known += await time(() => verifyPassword('wrong', stored))
      unknown += await time(() => verifyPassword('wrong', undefined))
    }
    expect(await verifyPassword('wrong', undefined)).toBe(false)
    // Same work either way; wide bounds because the machine may be busy.
    expect(unknown).toBeGreaterThan(known / 3)
    expect(unknown).toBeLessThan(known * 3)
  })

  it('does not block the event loop while hashing', async () => {
    let ticks = 0
    const timer = setInterval(() => ticks++, 1)
    await Promise.all([hashPassword('a'), hashPassword('b')])
    clearInterval(timer)
    expect(ticks).toBeGreaterThan(5)
  })
})

describe('KdfQueue', () => {
  it('runs at most `concurrency` tasks at once and hands slots on', async () => {
    const queue = new KdfQueue(2)
    let running = 0
    let peak = 0
    const release: (() => void)[] = []
    const task = () =>
      queue.run(async () => {
        running++
        peak = Math.max(peak, running)
        await new Promise<void>((resolve) => release.push(resolve))
        running--
      })
    const all = Promise.all([task(), task(), task(), task(), task()])
    for (let i = 0; i < 5; i++) {
      await new Promise((r) => setImmediate(r))
      expect(queue.pending).toBe(5 - i)
      release.shift()?.()
    }
    await all
    expect(peak).toBe(2)
    expect(queue.pending).toBe(0)
  })
})

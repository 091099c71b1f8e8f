import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { combineKey, splitKey } from './shamir.js'

describe('shamir key shares', () => {
  it('lays shares out as Vault does: 32 value bytes, then a distinct non-zero x byte', async () => {
    const key = randomBytes(32)
    const shares = await splitKey(key, 5, 3)
    expect(shares).toHaveLength(5)
    for (const share of shares) expect(share.length).toBe(33)
    const xs = shares.map((s) => s[32])
    expect(new Set(xs).size).toBe(5)
    expect(xs).not.toContain(0)
    expect(Buffer.from(shares[0] as Uint8Array).toString('hex')).toHaveLength(66)
  })

  it('rebuilds the key from any 3 of 5 shares, and not from 2', async () => {
    const key = randomBytes(32)
    const [a, b, c, d, e] = (await splitKey(key, 5, 3)) as [Uint8Array, Uint8Array, Uint8Array, Uint8Array, Uint8Array]
    for (const trio of [[a, b, c], [a, d, e], [e, c, b], [b, d, e]]) {
      expect(Buffer.from(await combineKey(trio)).equals(key)).toBe(true)
    }
    expect(Buffer.from(await combineKey([a, b])).equals(key)).toBe(false)
  })

  it('does not split with one share: the key is the share', async () => {
    const key = randomBytes(32)
    const [only] = await splitKey(key, 1, 1)
    expect(Buffer.from(only as Uint8Array).equals(key)).toBe(true)
  })

  it('refuses malformed parts with Vault shamir.Combine messages', async () => {
    const [a, b] = (await splitKey(randomBytes(32), 3, 2)) as [Uint8Array, Uint8Array]
    await expect(combineKey([a])).rejects.toThrow('less than two parts cannot be used to reconstruct the secret')
    await expect(combineKey([a, a])).rejects.toThrow('duplicate part detected')
    await expect(combineKey([a, b.subarray(1)])).rejects.toThrow('all parts must be the same length')
    await expect(combineKey([Uint8Array.of(1), Uint8Array.of(2)])).rejects.toThrow('parts must be at least two bytes')
  })

  it('accepts Node Buffers (the library alone refuses them)', async () => {
    const key = randomBytes(32)
    const shares = (await splitKey(key, 3, 2)).map((s) => Buffer.from(s))
    expect(Buffer.from(await combineKey(shares.slice(1))).equals(key)).toBe(true)
  })
})

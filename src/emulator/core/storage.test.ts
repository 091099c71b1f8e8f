import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { MemoryStorage } from './storage.js'

describe('MemoryStorage', () => {
  it('lists immediate children with folders ending in a slash, and walks subtrees', () => {
    const s = new MemoryStorage()
    for (const k of ['a/b/c', 'a/b/d', 'a/e', 'f', 'a/bx']) s.put(k, 1)
    expect(s.list('')).toEqual(['a/', 'f'])
    expect(s.list('a/')).toEqual(['b/', 'bx', 'e'])
    expect(s.list('a/b')).toEqual(['/', 'x'])
    expect(s.keys('a/')).toEqual(['b/c', 'b/d', 'bx', 'e'])
    expect(s.keys('a/b')).toEqual(['/c', '/d', 'x'])
    s.delete('a/b/c')
    s.delete('a/b/d')
    expect(s.list('a/')).toEqual(['bx', 'e'])
    expect(s.list('a/b/')).toEqual([])
  })

  it('never hands out an alias of what it stores', () => {
    const s = new MemoryStorage()
    const value = { nested: { x: 1 } }
    s.put('k', value)
    value.nested.x = 2
    const read = s.get<typeof value>('k')
    expect(read?.nested.x).toBe(1)
    if (read) read.nested.x = 3
    expect(s.get<typeof value>('k')?.nested.x).toBe(1)
  })

  it('keeps its index equal to a full scan under random puts, deletes and loads', () => {
    const key = fc.array(fc.constantFrom('a', 'b', 'c/', 'd/', 'e'), { minLength: 1, maxLength: 4 }).map((parts) => parts.join('').replace(/\/+$/, '') || 'z')
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.boolean(), key), { maxLength: 40 }), fc.constantFrom('', 'c/', 'd/', 'ac/'), (ops, prefix) => {
        const s = new MemoryStorage()
        const model = new Set<string>()
        for (const [put, k] of ops) {
          if (put) {
            s.put(k, 1)
            model.add(k)
          } else {
            s.delete(k)
            model.delete(k)
          }
        }
        const expectedKeys = [...model].filter((k) => k.startsWith(prefix)).map((k) => k.slice(prefix.length)).sort()
        const expectedList = [...new Set(expectedKeys.map((r) => (r.includes('/') ? r.slice(0, r.indexOf('/') + 1) : r)))].filter((c) => c !== '').sort()
        expect(s.keys(prefix)).toEqual(expectedKeys)
        expect(s.list(prefix)).toEqual(expectedList)
        const copy = new MemoryStorage()
        copy.load(s.dump())
        expect(copy.list(prefix)).toEqual(expectedList)
      }),
    )
  })
})

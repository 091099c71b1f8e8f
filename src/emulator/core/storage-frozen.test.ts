import { describe, expect, it } from 'vitest'
import { MemoryStorage } from './storage.js'

interface Secret {
  user: string
  tags: string[]
  nested: { x: number }
}

describe('MemoryStorage.getFrozen', () => {
  it('hands out one deeply frozen copy until the key changes', () => {
    const s = new MemoryStorage()
    const value: Secret = { user: 'app', tags: ['a'], nested: { x: 1 } }
    s.put('k', value)
    value.nested.x = 2
    const first = s.getFrozen<Secret>('k')
    expect(first).toEqual({ user: 'app', tags: ['a'], nested: { x: 1 } })
    expect(s.getFrozen<Secret>('k')).toBe(first)
    expect(Object.isFrozen(first)).toBe(true)
    expect(Object.isFrozen(first?.tags)).toBe(true)
    expect(Object.isFrozen(first?.nested)).toBe(true)
    // Changing it throws (ES modules are strict) instead of corrupting later reads.
    expect(() => {
      ;(first as unknown as Secret).nested.x = 3
    }).toThrow(TypeError)
    // `get` still returns a private, mutable copy.
    const copy = s.get<Secret>('k')
    if (copy) copy.nested.x = 4
    expect(s.getFrozen<Secret>('k')?.nested.x).toBe(1)
  })

  it('drops the frozen copy on put, delete and load', () => {
    const s = new MemoryStorage()
    s.put('k', { v: 1 })
    expect(s.getFrozen('k')).toEqual({ v: 1 })
    s.put('k', { v: 2 })
    expect(s.getFrozen('k')).toEqual({ v: 2 })
    const dump = s.dump()
    s.delete('k')
    expect(s.getFrozen('k')).toBeUndefined()
    s.put('k', { v: 3 })
    expect(s.getFrozen('k')).toEqual({ v: 3 })
    s.load(dump)
    expect(s.getFrozen('k')).toEqual({ v: 2 })
  })

  it('works through prefixed views', () => {
    const s = new MemoryStorage()
    const mount = s.sub('logical/abc/')
    mount.put('metadata/x', { current_version: 1 })
    expect(mount.getFrozen('metadata/x')).toBe(s.getFrozen('logical/abc/metadata/x'))
    expect(mount.sub('metadata/').getFrozen('x')).toEqual({ current_version: 1 })
    mount.put('metadata/x', { current_version: 2 })
    expect(s.getFrozen('logical/abc/metadata/x')).toEqual({ current_version: 2 })
    expect(mount.getFrozen('missing')).toBeUndefined()
  })
})

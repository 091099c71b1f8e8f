import { describe, expect, it } from 'vitest'
import { auditJson, elideListData, isTimestamp } from './hash-data.js'
import type { Hasher } from './hash-data.js'

const auditCopy = (data: Record<string, unknown>, hash: Hasher, keys: ReadonlySet<string> | undefined): Record<string, unknown> =>
  JSON.parse(auditJson(data, hash, keys)) as Record<string, unknown>

const h = (value: string): string => `H(${value})`

describe('auditJson', () => {
  it('hashes every string value, recursively, and leaves other values alone', () => {
    const data = { s: 'a', n: 1, b: true, z: null, list: ['x', 2, { deep: 'y' }], obj: { inner: 'v' } }
    expect(auditCopy(data, h, undefined)).toEqual({ b: true, list: ['H(x)', 2, { deep: 'H(y)' }], n: 1, obj: { inner: 'H(v)' }, s: 'H(a)', z: null })
  })

  it('sorts object keys, as Go marshals maps', () => {
    expect(Object.keys(auditCopy({ b: 1, a: 2, c: { z: 1, y: 2 } }, h, undefined))).toEqual(['a', 'b', 'c'])
    expect(auditJson({ c: { z: 1, y: 2 }, a: [1, 'x'] }, h, undefined)).toBe('{"a":[1,"H(x)"],"c":{"y":2,"z":1}}')
  })

  it('hashes empty strings but never keys, and leaves RFC 3339 timestamps clear', () => {
    expect(auditCopy({ 'sec ret': '', created_time: '2030-01-01T00:00:00.123456Z', other: '2030-01-01' }, h, undefined)).toEqual({
      created_time: '2030-01-01T00:00:00.123456Z',
      other: 'H(2030-01-01)',
      'sec ret': 'H()',
    })
    expect(isTimestamp('2030-01-01T10:00:00+02:00')).toBe(true)
    expect(isTimestamp('not 2030-01-01T10:00:00Z')).toBe(false)
  })

  it('escapes keys that need it', () => {
    expect(auditJson({ 'a"b': 1, 'c\\d': 2, 'é': 3 }, h, undefined)).toBe('{"a\\"b":1,"c\\\\d":2,"é":3}')
  })

  it('keeps values under a non-HMAC key clear: the nearest enclosing key decides', () => {
    const data = { username: 'alice', names: ['a', 'b'], nested: { username: 'bob', password: 'p' }, wrap: { names: { inner: 'c' } } }
    expect(auditCopy(data, h, new Set(['username', 'names']))).toEqual({
      names: ['a', 'b'],
      nested: { password: 'H(p)', username: 'bob' },
      username: 'alice',
      wrap: { names: { inner: 'H(c)' } },
    })
  })

  it('writes values as they are for log_raw, escaped as JSON', () => {
    const data = { a: { b: 'c "quoted"\n' }, n: 1.5, big: 10n }
    expect(auditCopy(data, undefined, undefined)).toEqual({ a: { b: 'c "quoted"\n' }, big: '10', n: 1.5 })
  })

  it('takes the JSON form of bytes, dates and class instances, and drops undefined', () => {
    const copy = auditCopy({ bytes: new Uint8Array([1, 2]), when: new Date(0), gone: undefined, list: [undefined] }, h, undefined)
    expect(copy).toEqual({ bytes: 'H(AQI=)', list: [null], when: '1970-01-01T00:00:00.000Z' })
  })
})

describe('elideListData', () => {
  it('replaces keys and key_info with counts and keeps other fields', () => {
    expect(elideListData({ keys: ['a', 'b'], key_info: { a: {}, b: {} }, other: 'x' })).toEqual({ keys: 2, key_info: 2, other: 'x' })
  })
})

import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { MemoryStorage, freezeShared } from '../core/storage.js'
import type { LogicalResponse } from '../core/request.js'
import { jsonNumber, jsonString, jsonText } from './response-json.js'
import { envelope, envelopeJson } from './http-adapter.js'

/** Values a handler may put in a response: JSON, plus undefined members, Dates and nested shared values. */
const member = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.string(),
    fc.string({ unit: 'binary' }),
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.constant(undefined),
    fc.date({ noInvalidDate: true }),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.string(), tie('value'), { maxKeys: 5 }),
  ),
})).value

/** Some members frozen and shared, as a KV read's data and metadata are. */
const withShared = fc.tuple(fc.dictionary(fc.string(), member, { maxKeys: 5 }), fc.array(fc.boolean(), { maxLength: 5 })).map(([obj, share]) => {
  const out: Record<string, unknown> = {}
  let i = 0
  for (const [k, v] of Object.entries(obj)) {
    const json: unknown = JSON.parse(JSON.stringify(v ?? null))
    out[k] = share[i++] && typeof json === 'object' && json !== null ? freezeShared(json) : v
  }
  return out
})

describe('jsonText', () => {
  it('writes what JSON.stringify writes, shared members or not', () => {
    fc.assert(
      fc.property(withShared, member, (data, other) => {
        expect(jsonText(data)).toBe(JSON.stringify(data))
        expect(jsonText({ data, other })).toBe(JSON.stringify({ data, other }))
        expect(jsonText(other)).toBe(JSON.stringify(other))
      }),
      { numRuns: 500 },
    )
  })

  it('keeps the order of integer-like keys, skips undefined and functions, calls toJSON', () => {
    const value = { b: 1, 2: 'two', a: undefined, 1: 'one', f: () => 1, when: new Date(0), custom: { toJSON: () => 'x' } }
    expect(jsonText(value)).toBe(JSON.stringify(value))
    expect(jsonText(Object.assign(Object.create(null) as object, { z: 1, y: [2] }))).toBe('{"z":1,"y":[2]}')
  })

  it('serializes a shared value once: a stored record read again is not formatted again', () => {
    const s = new MemoryStorage()
    s.put('k', { user: 'app' })
    const first = s.getFrozen<{ user: string }>('k')
    expect(jsonText({ data: first })).toBe('{"data":{"user":"app"}}')
    // A write makes a new shared object, and with it new text.
    s.put('k', { user: 'other' })
    expect(jsonText({ data: s.getFrozen('k') })).toBe('{"data":{"user":"other"}}')
    expect(jsonText({ data: first })).toBe('{"data":{"user":"app"}}')
  })

  it('quotes strings and writes numbers as JSON does', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.double(), (s, n) => {
        expect(jsonString(s)).toBe(JSON.stringify(s))
        expect(jsonNumber(n)).toBe(JSON.stringify(n))
      }),
    )
    for (const s of ['', 'a"b', 'back\\slash', 'tab\t', '\u007f', 'é', '\ud800']) expect(jsonString(s)).toBe(JSON.stringify(s))
  })
})

describe('envelopeJson', () => {
  const response = fc.record(
    {
      data: fc.option(withShared, { nil: undefined }),
      warnings: fc.option(fc.array(fc.string(), { maxLength: 3 }), { nil: undefined }),
      leaseDuration: fc.option(fc.nat(), { nil: undefined }),
      lease: fc.option(fc.record({ leaseId: fc.string(), ttl: fc.nat(), renewable: fc.boolean() }), { nil: undefined }),
      auth: fc.option(
        fc.record({
          client_token: fc.string(),
          accessor: fc.string(),
          policies: fc.array(fc.string(), { maxLength: 3 }),
          token_policies: fc.array(fc.string(), { maxLength: 3 }),
          metadata: fc.option(fc.dictionary(fc.string(), fc.string()), { nil: null }),
          lease_duration: fc.nat(),
          renewable: fc.boolean(),
          entity_id: fc.string(),
          token_type: fc.constantFrom('service', 'batch'),
          orphan: fc.boolean(),
        }),
        { nil: undefined },
      ),
    },
    { requiredKeys: [] },
  )

  it('is JSON.stringify of the envelope, byte for byte', () => {
    fc.assert(
      fc.property(fc.uuid(), response, fc.option(fc.string(), { nil: undefined }), (id, resp, mountType) => {
        const r = resp as unknown as LogicalResponse
        expect(envelopeJson(id, r, mountType)).toBe(JSON.stringify(envelope(id, r, mountType)))
      }),
      { numRuns: 500 },
    )
  })
})

import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { humanDuration, parseGoDurationSeconds } from './duration.js'
import { flag, FlagError, OUTPUT_FLAGS, parseFlags } from './flags.js'
import { goJson, goQuotedList, goValue } from './go-format.js'
import { KeyValueError, parseKeyValues } from './kv-args.js'

const SPEC = { ...OUTPUT_FLAGS, policy: flag.strings(), ttl: flag.duration(), orphan: flag.bool(), renewable: flag.bool({ default: true }), 'use-limit': flag.int() }

describe('parseFlags (Go flag syntax)', () => {
  it('reads -k=v, -k v, --k=v, booleans and repeatable flags, before or after arguments', () => {
    const { flags, args } = parseFlags(['-policy=a', '--policy', 'b', '-ttl=1h30m', 'path', '-orphan', '-renewable=false', '-use-limit', '3', '-format=json'], SPEC)
    expect(flags).toEqual({ policy: ['a', 'b'], ttl: 5400, orphan: true, renewable: false, 'use-limit': 3, format: 'json' })
    expect(args).toEqual(['path'])
  })

  it('treats a lone - as an argument and stops at --', () => {
    expect(parseFlags(['-', '--', '-orphan'], SPEC).args).toEqual(['-', '-orphan'])
    expect(parseFlags(['-', '--', '-orphan'], SPEC).flags.orphan).toBe(false)
  })

  it("words errors as Go's flag package does", () => {
    expect(() => parseFlags(['-nope'], SPEC)).toThrow(new FlagError('flag provided but not defined: -nope'))
    expect(() => parseFlags(['-ttl'], SPEC)).toThrow(new FlagError('flag needs an argument: -ttl'))
    expect(() => parseFlags(['-ttl=soon'], SPEC)).toThrow(new FlagError('invalid value "soon" for flag -ttl: parse error'))
  })
})

describe('durations', () => {
  it('parses Go durations, bare seconds and days', () => {
    expect([parseGoDurationSeconds('90'), parseGoDurationSeconds('1h'), parseGoDurationSeconds('2m30s'), parseGoDurationSeconds('7d'), parseGoDurationSeconds('x')]).toEqual([90, 3600, 150, 604800, undefined])
  })
  it("prints like vault's humanDuration", () => {
    expect([0, 59, 3599, 3600, 5400, 3605, 2764800].map(humanDuration)).toEqual(['0s', '59s', '59m59s', '1h', '1h30m', '1h5s', '768h'])
  })
})

describe('Go value printing', () => {
  it('%v, %q and json.MarshalIndent', () => {
    expect(goValue(['a', 'b'])).toBe('[a b]')
    expect(goValue({ b: 1, a: [true, null] })).toBe('map[a:[true <nil>] b:1]')
    expect(goQuotedList(['default', 'app'])).toBe('["default" "app"]')
    expect(goQuotedList(null)).toBe('[]')
    expect(goJson({ b: '<x>', a: [] })).toBe('{\n  "a": [],\n  "b": "\\u003cx\\u003e"\n}')
    expect(goJson(new Map<string, unknown>([['z', 1], ['a', {}]]))).toBe('{\n  "z": 1,\n  "a": {}\n}')
  })
})

describe('parseKeyValues (k=v data arguments)', () => {
  it('reads @file, - (stdin), \\@ escapes and repeated keys', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'kv-args-')), 'cert.pem')
    writeFileSync(file, 'PEM')
    expect(await parseKeyValues([`cert=@${file}`, 'password=-', 'at=\\@home', 'tag=a', 'tag=b'], Readable.from(['s3cret']))).toEqual({ cert: 'PEM', password: 's3cret', at: '@home', tag: ['a', 'b'] })
    expect(await parseKeyValues(['-'], Readable.from(['{"a":1}']))).toEqual({ a: 1 })
  })
  it('rejects an argument without =', async () => {
    await expect(parseKeyValues(['oops'], Readable.from([]))).rejects.toThrow(new KeyValueError('invalid key/value pair "oops": format must be key=value'))
  })
})

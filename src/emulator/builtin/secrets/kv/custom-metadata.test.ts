import { describe, expect, it } from 'vitest'
import { parseCustomMetadata } from './custom-metadata.js'
import { goQuote, isGoPrintable } from './go-quote.js'
import { rfc3339 } from '../../../framework/time-format.js'
import { VaultError } from '../../../core/errors.js'

function failure(fn: () => unknown): VaultError {
  try {
    fn()
  } catch (err) {
    if (err instanceof VaultError) return err
    throw err
  }
  throw new Error('expected a VaultError')
}

describe('parseCustomMetadata', () => {
  it('weakly converts values to strings and drops nulls on request', () => {
    expect(parseCustomMetadata({ a: 'x', n: 1.5, t: false })).toEqual({ a: 'x', n: '1.5', t: '0' })
    expect(parseCustomMetadata({ a: 'x', gone: null }, true)).toEqual({ a: 'x' })
  })

  it('reports a null value as empty when nulls are kept', () => {
    const err = failure(() => parseCustomMetadata({ k: null }))
    expect(err.status).toBe(400)
    expect(err.message).toBe('1 error occurred:\n\t* custom_metadata validation failed: length of value for key "k" is 0 but must be 0 < len(value) <= 512\n\n')
  })

  it('measures lengths in bytes and reports unprintable keys', () => {
    expect(parseCustomMetadata({ k: 'é'.repeat(256) })).toEqual({ k: 'é'.repeat(256) })
    expect(failure(() => parseCustomMetadata({ k: 'é'.repeat(257) })).message).toContain('length of value for key "k" is 514')
    expect(failure(() => parseCustomMetadata({ 'a\tb': 'v' })).message).toBe(
      '1 error occurred:\n\t* custom_metadata validation failed: key "a\\tb" (a\tb) contains unprintable characters\n\n',
    )
  })

  it('refuses lists', () => {
    expect(failure(() => parseCustomMetadata({ l: ['a', 1] })).message).toBe(
      "custom_metadata validation failed: '' expected type 'string', got unconvertible type '[]interface {}', value: '[a 1]'",
    )
  })
})

describe('goQuote / isGoPrintable', () => {
  it('quotes as Go’s %q does', () => {
    expect(goQuote('plain "q" \\')).toBe('"plain \\"q\\" \\\\"')
    expect(goQuote('\n\u0000\u007f')).toBe('"\\n\\x00\\x7f"')
    expect(goQuote('é😀')).toBe('"é😀"')
  })

  it('treats only the ASCII space as printable whitespace', () => {
    expect(isGoPrintable('a b')).toBe(true)
    expect(isGoPrintable('a\u00a0b')).toBe(false)
  })
})

describe('rfc3339', () => {
  it('keeps only significant fraction digits, as Go’s RFC3339Nano', () => {
    expect(rfc3339(Date.parse('2030-01-01T00:00:00Z'))).toBe('2030-01-01T00:00:00Z')
    expect(rfc3339(Date.parse('2030-01-01T00:00:00.250Z'))).toBe('2030-01-01T00:00:00.25Z')
    expect(rfc3339(Date.parse('2030-01-01T00:00:00.001Z'))).toBe('2030-01-01T00:00:00.001Z')
  })
})

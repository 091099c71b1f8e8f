import { describe, expect, it } from 'vitest'
import { addressInBlocks, blocksAreSubset, displayAddress, goQuotedList, validateBlocks } from './cidr-blocks.js'

describe('AppRole CIDR blocks', () => {
  it('accepts only address/bits, with Go’s error text', () => {
    expect(() => validateBlocks(['10.0.0.0/8', '::1/128'])).not.toThrow()
    expect(() => validateBlocks(['10.0.0.1'])).toThrow('invalid CIDR address: 10.0.0.1')
    expect(() => validateBlocks(['10.0.0.0/33'])).toThrow('invalid CIDR address: 10.0.0.0/33')
  })

  it('matches addresses, IPv4-mapped ones included', () => {
    expect(addressInBlocks('10.1.2.3', ['10.0.0.0/8'])).toBe(true)
    expect(addressInBlocks('::ffff:10.1.2.3', ['10.0.0.0/8'])).toBe(true)
    expect(addressInBlocks('192.168.0.1', ['10.0.0.0/8'])).toBe(false)
    expect(displayAddress('::ffff:127.0.0.1')).toBe('127.0.0.1')
  })

  it('checks that blocks lie inside other blocks', () => {
    expect(blocksAreSubset(['10.0.0.0/8'], ['10.1.0.0/16', '10.2.3.4/32'])).toBe(true)
    expect(blocksAreSubset(['10.0.0.0/16'], ['10.0.0.0/8'])).toBe(false)
    expect(blocksAreSubset(['10.0.0.5'], ['10.0.0.5/32'])).toBe(true)
    expect(goQuotedList(['a', 'b'])).toBe('["a" "b"]')
  })
})

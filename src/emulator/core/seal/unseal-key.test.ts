import { describe, expect, it } from 'vitest'
import { VaultError } from '../errors.js'
import { decodeKeyText, keyLengthProblem } from './unseal-key.js'

describe('unseal key text', () => {
  it('reads hex first, base64 when hex does not fit 16–33 bytes', () => {
    const bytes = Buffer.alloc(33, 0xab)
    expect(Buffer.from(decodeKeyText(bytes.toString('hex'))).equals(bytes)).toBe(true)
    expect(Buffer.from(decodeKeyText(bytes.toString('base64'))).equals(bytes)).toBe(true)
    // 44 hex digits = 22 bytes decodes as hex; 16 hex-looking chars (8 bytes) are read as base64.
    expect(decodeKeyText('ab'.repeat(22)).length).toBe(22)
    expect(decodeKeyText('abcdabcdabcdabcd').length).toBe(12)
  })

  it('refuses text that is neither, with Vault\'s message', () => {
    for (const text of ['not a key!', 'zz', 'abc']) {
      const err = (() => {
        try {
          decodeKeyText(text)
        } catch (e) {
          return e
        }
        return undefined
      })()
      expect(err).toBeInstanceOf(VaultError)
      expect((err as VaultError).status).toBe(400)
      expect((err as VaultError).message).toBe("'key' must be a valid hex or base64 string")
    }
  })

  it('names keys of the wrong size as Vault does', () => {
    expect(keyLengthProblem(Buffer.alloc(15))).toBe('invalid key: key is shorter than minimum 16 bytes')
    expect(keyLengthProblem(Buffer.alloc(34))).toBe('invalid key: key is longer than maximum 33 bytes')
    expect(keyLengthProblem(Buffer.alloc(32))).toBeUndefined()
  })
})

import { describe, expect, it } from 'vitest'
import { decodeRootToken, encodeRootToken } from './root-token-otp.js'

describe('generate-root OTP encoding', () => {
  it('is unpadded base64 of token XOR otp, and decodes back', () => {
    const token = 'hvs.abcdefghijklmnopqrstuvwx'
    const otp = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ01'
    const encoded = encodeRootToken(token, otp)
    expect(encoded).not.toContain('=')
    const expected = Buffer.from(token).map((b, i) => b ^ otp.charCodeAt(i))
    expect(Buffer.from(encoded, 'base64').equals(Buffer.from(expected))).toBe(true)
    expect(decodeRootToken(encoded, otp)).toBe(token)
  })

  it('reports a wrong-length OTP and bad base64 with Vault\'s messages', () => {
    const encoded = encodeRootToken('hvs.abcdefghijklmnopqrstuvwx', 'ABCDEFGHIJKLMNOPQRSTUVWXYZ01')
    expect(() => decodeRootToken(encoded, 'short')).toThrow('error xoring token: length of byte slices is not equivalent: 28 != 5')
    expect(() => decodeRootToken('***', 'x')).toThrow("error decoding base64'd token")
  })
})

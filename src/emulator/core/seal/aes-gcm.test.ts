import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { MessageAuthenticationError, decrypt, encrypt } from './aes-gcm.js'

describe('AES-256-GCM barrier encryption', () => {
  it('round-trips, with a fresh nonce each time', () => {
    const key = randomBytes(32)
    const a = encrypt(key, Buffer.from('hello'))
    const b = encrypt(key, Buffer.from('hello'))
    expect(a.equals(b)).toBe(false)
    expect(decrypt(key, a).toString()).toBe('hello')
  })

  it('fails with Go\'s text on a wrong key, a changed byte or a short blob', () => {
    const key = randomBytes(32)
    const blob = encrypt(key, Buffer.from('secret state'))
    expect(() => decrypt(randomBytes(32), blob)).toThrow('cipher: message authentication failed')
    const tampered = Buffer.from(blob)
    tampered[20] = (tampered[20] as number) ^ 1
    expect(() => decrypt(key, tampered)).toThrow(MessageAuthenticationError)
    expect(() => decrypt(key, blob.subarray(0, 10))).toThrow(MessageAuthenticationError)
    expect(() => decrypt(randomBytes(33), blob)).toThrow(MessageAuthenticationError)
  })
})

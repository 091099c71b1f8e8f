import { describe, expect, it } from 'vitest'
import { hchacha20 } from './hchacha20.js'
import { openAead, sealAead } from './aead.js'

describe('HChaCha20', () => {
  it('matches the test vector of draft-irtf-cfrg-xchacha §2.2.1', () => {
    const key = Buffer.from([...Array(32).keys()])
    const nonce = Buffer.from('000000090000004a0000000031415927', 'hex')
    expect(hchacha20(key, nonce).toString('hex')).toBe('82413b4227b27bfed30e42508a877d73a0f9e4d58a74a853c12ec41326d3ecdc')
  })

  it('XChaCha20-Poly1305 round-trips with a 24-byte nonce and rejects a flipped bit', () => {
    const key = Buffer.alloc(32, 7)
    const sealed = sealAead('xchacha20-poly1305', key, Buffer.from('hello'), Buffer.from('aad'))
    expect(sealed.length).toBe(24 + 5 + 16)
    expect(openAead('xchacha20-poly1305', key, sealed, Buffer.from('aad')).toString()).toBe('hello')
    sealed[30] = (sealed[30] as number) ^ 1
    expect(() => openAead('xchacha20-poly1305', key, sealed, Buffer.from('aad'))).toThrow('chacha20poly1305: message authentication failed')
  })
})

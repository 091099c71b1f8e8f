/**
 * HChaCha20 (draft-irtf-cfrg-xchacha §2.2): the subkey step that turns
 * ChaCha20-Poly1305 into XChaCha20-Poly1305. Node's OpenSSL has ChaCha20-Poly1305
 * but not the extended-nonce variant, so the subkey is computed here and the
 * AEAD itself stays native.
 */

const SIGMA = [0x61707865, 0x3320646e, 0x79622d32, 0x6b206574]

function rotl(v: number, n: number): number {
  return ((v << n) | (v >>> (32 - n))) >>> 0
}

function quarterRound(s: Uint32Array, a: number, b: number, c: number, d: number): void {
  // Indices are 0..15 by construction; `!` is safe on a fixed-size Uint32Array.
  s[a] = (s[a]! + s[b]!) >>> 0
  s[d] = rotl(s[d]! ^ s[a]!, 16)
  s[c] = (s[c]! + s[d]!) >>> 0
  s[b] = rotl(s[b]! ^ s[c]!, 12)
  s[a] = (s[a]! + s[b]!) >>> 0
  s[d] = rotl(s[d]! ^ s[a]!, 8)
  s[c] = (s[c]! + s[d]!) >>> 0
  s[b] = rotl(s[b]! ^ s[c]!, 7)
}

/** The 32-byte subkey for `key` (32 bytes) and the first 16 bytes of an XChaCha nonce. */
export function hchacha20(key: Buffer, nonce16: Buffer): Buffer {
  const s = new Uint32Array(16)
  s.set(SIGMA, 0)
  for (let i = 0; i < 8; i++) s[4 + i] = key.readUInt32LE(i * 4)
  for (let i = 0; i < 4; i++) s[12 + i] = nonce16.readUInt32LE(i * 4)
  for (let round = 0; round < 10; round++) {
    quarterRound(s, 0, 4, 8, 12)
    quarterRound(s, 1, 5, 9, 13)
    quarterRound(s, 2, 6, 10, 14)
    quarterRound(s, 3, 7, 11, 15)
    quarterRound(s, 0, 5, 10, 15)
    quarterRound(s, 1, 6, 11, 12)
    quarterRound(s, 2, 7, 8, 13)
    quarterRound(s, 3, 4, 9, 14)
  }
  const out = Buffer.alloc(32)
  for (let i = 0; i < 4; i++) out.writeUInt32LE(s[i]!, i * 4)
  for (let i = 0; i < 4; i++) out.writeUInt32LE(s[12 + i]!, 16 + i * 4)
  return out
}

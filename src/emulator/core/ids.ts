/** Identifiers in Vault's formats, all from the platform CSPRNG. */
import { randomBytes, randomUUID, randomInt } from 'node:crypto'

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'

/** `n` characters of base62 (Vault's alphabet order), uniformly distributed. */
export function randomBase62(n: number): string {
  let out = ''
  while (out.length < n) {
    // 248 = 4 * 62: rejecting bytes >= 248 keeps the distribution uniform.
    for (const byte of randomBytes(n * 2)) {
      if (byte < 248) out += BASE62[byte % 62]
      if (out.length === n) break
    }
  }
  return out
}

export function uuid(): string {
  return randomUUID()
}

/** `n` lowercase hex characters. */
export function randomHex(n: number): string {
  return randomBytes(Math.ceil(n / 2)).toString('hex').slice(0, n)
}

export { randomBytes, randomInt }

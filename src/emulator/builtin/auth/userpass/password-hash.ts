/**
 * Password storage for userpass: scrypt (node:crypto, async, so hashing runs
 * on the thread pool and never blocks the event loop) with a random salt,
 * compared in constant time. Vault uses bcrypt cost 10 (~50-80 ms); these
 * parameters cost about the same: N=2^14, r=8 (16 MiB), p=1.
 *
 * Stored form: `scrypt$<N>$<r>$<p>$<salt b64>$<hash b64>`, so parameters can
 * change without breaking stored users.
 */
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto'
import type { ScryptOptions } from 'node:crypto'

const COST = { N: 1 << 14, r: 8, p: 1 }
const KEY_LENGTH = 32
const SALT_LENGTH = 16

function derive(password: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, KEY_LENGTH, { ...options, maxmem: 64 * 1024 * 1024 }, (err, key) => {
      if (err) reject(err)
      else resolve(key)
    })
  })
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(SALT_LENGTH)
  const key = await derive(password, salt, COST)
  return ['scrypt', COST.N, COST.r, COST.p, salt.toString('base64'), key.toString('base64')].join('$')
}

interface Parsed {
  options: ScryptOptions
  salt: Buffer
  key: Buffer
}

function parse(stored: string): Parsed | undefined {
  const [kind, n, r, p, salt, key] = stored.split('$')
  if (kind !== 'scrypt' || salt === undefined || key === undefined) return undefined
  return { options: { N: Number(n), r: Number(r), p: Number(p) }, salt: Buffer.from(salt, 'base64'), key: Buffer.from(key, 'base64') }
}

/**
 * Whether `password` matches `stored`. With no stored hash (unknown user) it
 * still derives a key at full cost, so the answer takes as long as for a
 * real user and the caller cannot tell the two apart by timing.
 */
export async function verifyPassword(password: string, stored: string | undefined): Promise<boolean> {
  const parsed = stored === undefined ? undefined : parse(stored)
  if (!parsed) {
    await derive(password, randomBytes(SALT_LENGTH), COST)
    return false
  }
  const key = await derive(password, parsed.salt, parsed.options)
  return key.length === parsed.key.length && timingSafeEqual(key, parsed.key)
}

/**
 * ECDSA over a digest the caller already computed (`prehashed=true`). Node
 * signs and verifies ECDSA only over a message it hashes itself, so this path
 * does the curve arithmetic with bigints (Jacobian coordinates, a = -3), as
 * Go's `ecdsa.Sign`/`ecdsa.Verify` do on the digest: leftmost bits of the
 * digest up to the order's length, a random nonce, no low-s normalisation.
 * Not constant-time: keys in an emulator are test keys.
 */
import { randomBytes } from 'node:crypto'
import type { KeyObject } from 'node:crypto'

interface Curve {
  p: bigint
  b: bigint
  n: bigint
  gx: bigint
  gy: bigint
  /** Field element size in bytes. */
  size: number
}

const big = (hex: string): bigint => BigInt(`0x${hex}`)

const CURVES: Record<string, Curve> = {
  'P-256': {
    p: big('ffffffff00000001000000000000000000000000ffffffffffffffffffffffff'),
    b: big('5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604b'),
    n: big('ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551'),
    gx: big('6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296'),
    gy: big('4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5'),
    size: 32,
  },
  'P-384': {
    p: big('fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffeffffffff0000000000000000ffffffff'),
    b: big('b3312fa7e23ee7e4988e056be3f82d19181d9c6efe8141120314088f5013875ac656398d8a2ed19d2a85c8edd3ec2aef'),
    n: big('ffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973'),
    gx: big('aa87ca22be8b05378eb1c71ef320ad746e1d3b628ba79b9859f741e082542a385502f25dbf55296c3a545e3872760ab7'),
    gy: big('3617de4a96262c6f5d9e98bf9292dc29f8f41dbd289a147ce9da3113b5f0b8c00a60b1ce1d7e819d7a431d7c90ea0e5f'),
    size: 48,
  },
  'P-521': {
    p: (1n << 521n) - 1n,
    b: big('51953eb9618e1c9a1f929a21a0b68540eea2da725b99b315f3b8b489918ef109e156193951ec7e937b1652c0bd3bb1bf073573df883d2c34f1ef451fd46b503f00'),
    n: big('1fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffa51868783bf2f966b7fcc0148f709a5d03bb5c9b8899c47aebb6fb71e91386409'),
    gx: big('c6858e06b70404e9cd9e3ecb662395b4429c648139053fb521f828af606b4d3dbaa14b5e77efe75928fe1dc127a2ffa8de3348b3c1856a429bf97e7e31c2e5bd66'),
    gy: big('11839296a789a3bc0045c8a5fb42c7d1bd998f54449579b446817afbd17273e662c97ee72995ef42640c550b9013fad0761353c7086a272c24088be94769fd16650'),
    size: 66,
  },
}

type Jacobian = readonly [bigint, bigint, bigint]
const INFINITY: Jacobian = [1n, 1n, 0n]

function mod(a: bigint, m: bigint): bigint {
  const r = a % m
  return r < 0n ? r + m : r
}

function modPow(base: bigint, exp: bigint, m: bigint): bigint {
  let result = 1n
  let b = mod(base, m)
  let e = exp
  while (e > 0n) {
    if (e & 1n) result = (result * b) % m
    b = (b * b) % m
    e >>= 1n
  }
  return result
}

/** Inverse modulo a prime. */
const inverse = (a: bigint, m: bigint): bigint => modPow(a, m - 2n, m)

function double([x, y, z]: Jacobian, p: bigint): Jacobian {
  if (z === 0n || y === 0n) return INFINITY
  const delta = (z * z) % p
  const gamma = (y * y) % p
  const beta = (x * gamma) % p
  const alpha = mod(3n * (x - delta) * (x + delta), p)
  const x3 = mod(alpha * alpha - 8n * beta, p)
  const z3 = mod((y + z) * (y + z) - gamma - delta, p)
  const y3 = mod(alpha * (4n * beta - x3) - 8n * gamma * gamma, p)
  return [x3, y3, z3]
}

function add(a: Jacobian, b: Jacobian, p: bigint): Jacobian {
  if (a[2] === 0n) return b
  if (b[2] === 0n) return a
  const [x1, y1, z1] = a
  const [x2, y2, z2] = b
  const z1z1 = (z1 * z1) % p
  const z2z2 = (z2 * z2) % p
  const u1 = (x1 * z2z2) % p
  const u2 = (x2 * z1z1) % p
  const s1 = (y1 * z2 * z2z2) % p
  const s2 = (y2 * z1 * z1z1) % p
  const h = mod(u2 - u1, p)
  const r = mod(2n * (s2 - s1), p)
  if (h === 0n) return r === 0n ? double(a, p) : INFINITY
  const i = (4n * h * h) % p
  const j = (h * i) % p
  const v = (u1 * i) % p
  const x3 = mod(r * r - j - 2n * v, p)
  const y3 = mod(r * (v - x3) - 2n * s1 * j, p)
  const z3 = mod(((z1 + z2) * (z1 + z2) - z1z1 - z2z2) * h, p)
  return [x3, y3, z3]
}

function multiply(point: Jacobian, k: bigint, p: bigint): Jacobian {
  let result = INFINITY
  for (let i = BigInt(k.toString(2).length - 1); i >= 0n; i--) {
    result = double(result, p)
    if ((k >> i) & 1n) result = add(result, point, p)
  }
  return result
}

function affineX([x, , z]: Jacobian, p: bigint): bigint | undefined {
  if (z === 0n) return undefined
  const zinv = inverse(z, p)
  return (x * zinv * zinv) % p
}

/** Go's `hashToInt`: the digest's leftmost bits, as many as the order has. */
function digestToInt(digest: Buffer, n: bigint): bigint {
  const orderBits = n.toString(2).length
  const orderBytes = Math.ceil(orderBits / 8)
  const used = digest.subarray(0, orderBytes)
  let e = used.length === 0 ? 0n : BigInt(`0x${used.toString('hex')}`)
  const excess = used.length * 8 - orderBits
  if (excess > 0) e >>= BigInt(excess)
  return e
}

function jwkInt(text: string | undefined): bigint {
  return BigInt(`0x${Buffer.from(text ?? '', 'base64url').toString('hex') || '0'}`)
}

function curveOf(key: KeyObject): Curve {
  const name = key.asymmetricKeyDetails?.namedCurve
  const curve = CURVES[name === 'prime256v1' ? 'P-256' : name === 'secp384r1' ? 'P-384' : name === 'secp521r1' ? 'P-521' : '']
  if (!curve) throw new Error(`unsupported curve ${String(name)}`)
  return curve
}

function toFixed(value: bigint, size: number): Buffer {
  return Buffer.from(value.toString(16).padStart(size * 2, '0'), 'hex')
}

/** Sign `digest` as is; returns `r ‖ s`, each the curve's field size (IEEE P1363). */
export function signDigest(privateKey: KeyObject, digest: Buffer): Buffer {
  const curve = curveOf(privateKey)
  const d = jwkInt(privateKey.export({ format: 'jwk' }).d)
  const e = digestToInt(digest, curve.n)
  const g: Jacobian = [curve.gx, curve.gy, 1n]
  for (;;) {
    const k = (BigInt(`0x${randomBytes(curve.size + 8).toString('hex')}`) % (curve.n - 1n)) + 1n
    const x = affineX(multiply(g, k, curve.p), curve.p)
    if (x === undefined) continue
    const r = x % curve.n
    if (r === 0n) continue
    const s = (inverse(k, curve.n) * (e + r * d)) % curve.n
    if (s === 0n) continue
    return Buffer.concat([toFixed(r, curve.size), toFixed(s, curve.size)])
  }
}

/** Verify `r`, `s` over `digest` as is. */
export function verifyDigest(publicKey: KeyObject, digest: Buffer, r: bigint, s: bigint): boolean {
  const curve = curveOf(publicKey)
  if (r <= 0n || s <= 0n || r >= curve.n || s >= curve.n) return false
  const jwk = publicKey.export({ format: 'jwk' })
  const q: Jacobian = [jwkInt(jwk.x), jwkInt(jwk.y), 1n]
  const e = digestToInt(digest, curve.n)
  const w = inverse(s, curve.n)
  const u1 = (e * w) % curve.n
  const u2 = (r * w) % curve.n
  const sum = add(multiply([curve.gx, curve.gy, 1n], u1, curve.p), multiply(q, u2, curve.p), curve.p)
  const x = affineX(sum, curve.p)
  return x !== undefined && x % curve.n === r
}

/** The curve's field size in bytes (the length of `r` and `s` in P1363 form). */
export function fieldSize(key: KeyObject): number {
  return curveOf(key).size
}

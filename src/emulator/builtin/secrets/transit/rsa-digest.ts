/**
 * RSA signatures over a digest the caller already computed (`prehashed=true`),
 * which Node's sign/verify cannot take: PKCS#1 v1.5 through the raw private
 * operation on `DigestInfo ‖ digest` (or the bare digest for
 * `hash_algorithm=none`, Go's "PKCS1v15 NoOID"), and PSS encoded here
 * (RFC 8017 §9.1, MGF1 with the same hash).
 */
import { constants, createHash, privateEncrypt, publicDecrypt, randomBytes, timingSafeEqual } from 'node:crypto'
import type { KeyObject } from 'node:crypto'

/** DER `DigestInfo` prefixes (RFC 8017 §9.2 note 1, plus SHA-3 from NIST's OIDs). */
const DIGEST_INFO: Record<string, string> = {
  sha1: '3021300906052b0e03021a05000414',
  sha224: '302d300d06096086480165030402040500041c',
  sha256: '3031300d060960864801650304020105000420',
  sha384: '3041300d060960864801650304020205000430',
  sha512: '3051300d060960864801650304020305000440',
  'sha3-224': '302d300d06096086480165030402070500041c',
  'sha3-256': '3031300d060960864801650304020805000420',
  'sha3-384': '3041300d060960864801650304020905000430',
  'sha3-512': '3051300d060960864801650304020a05000440',
}

function modulusBits(key: KeyObject): number {
  return key.asymmetricKeyDetails?.modulusLength ?? 2048
}

/** PKCS#1 v1.5 signature of `digest` (hash `null`: no DigestInfo). */
export function signPkcs1Digest(privateKey: KeyObject, hash: string | null, digest: Buffer): Buffer {
  const prefix = hash === null ? Buffer.alloc(0) : Buffer.from(DIGEST_INFO[hash] ?? '', 'hex')
  return privateEncrypt({ key: privateKey, padding: constants.RSA_PKCS1_PADDING }, Buffer.concat([prefix, digest]))
}

export function verifyPkcs1Digest(publicKey: KeyObject, hash: string | null, digest: Buffer, signature: Buffer): boolean {
  const expected = Buffer.concat([hash === null ? Buffer.alloc(0) : Buffer.from(DIGEST_INFO[hash] ?? '', 'hex'), digest])
  let recovered: Buffer
  try {
    recovered = publicDecrypt({ key: publicKey, padding: constants.RSA_PKCS1_PADDING }, signature)
  } catch {
    return false
  }
  return recovered.length === expected.length && timingSafeEqual(recovered, expected)
}

function mgf1(hash: string, seed: Buffer, length: number): Buffer {
  const parts: Buffer[] = []
  let total = 0
  for (let counter = 0; total < length; counter++) {
    const c = Buffer.alloc(4)
    c.writeUInt32BE(counter)
    const block = createHash(hash).update(seed).update(c).digest()
    parts.push(block)
    total += block.length
  }
  return Buffer.concat(parts).subarray(0, length)
}

/** The largest PSS salt for this key and hash (Go's "auto" when signing). */
export function maxPssSalt(key: KeyObject, hash: string): number {
  const emLen = Math.ceil((modulusBits(key) - 1) / 8)
  return emLen - createHash(hash).digest().length - 2
}

/** PSS signature of `digest` with `saltLength` bytes of salt. */
export function signPssDigest(privateKey: KeyObject, hash: string, digest: Buffer, saltLength: number): Buffer {
  const bits = modulusBits(privateKey)
  const emBits = bits - 1
  const emLen = Math.ceil(emBits / 8)
  const hLen = digest.length
  const salt = randomBytes(saltLength)
  const h = createHash(hash).update(Buffer.alloc(8)).update(digest).update(salt).digest()
  const db = Buffer.concat([Buffer.alloc(emLen - saltLength - hLen - 2), Buffer.from([1]), salt])
  const mask = mgf1(hash, h, db.length)
  for (let i = 0; i < db.length; i++) db[i] = (db[i] as number) ^ (mask[i] as number)
  db[0] = (db[0] as number) & (0xff >> (8 * emLen - emBits))
  const em = Buffer.concat([db, h, Buffer.from([0xbc])])
  const k = Math.ceil(bits / 8)
  return privateEncrypt({ key: privateKey, padding: constants.RSA_NO_PADDING }, Buffer.concat([Buffer.alloc(k - emLen), em]))
}

/** Verify a PSS signature over `digest`; `saltLength` undefined detects it (Go's "auto"). */
export function verifyPssDigest(publicKey: KeyObject, hash: string, digest: Buffer, signature: Buffer, saltLength: number | undefined): boolean {
  const bits = modulusBits(publicKey)
  const emBits = bits - 1
  const emLen = Math.ceil(emBits / 8)
  const hLen = digest.length
  let raw: Buffer
  try {
    raw = publicDecrypt({ key: publicKey, padding: constants.RSA_NO_PADDING }, signature)
  } catch {
    return false
  }
  const em = raw.subarray(raw.length - emLen)
  if (raw.length - emLen > 0 && raw[0] !== 0) return false
  if (emLen < hLen + 2 || em[em.length - 1] !== 0xbc) return false
  const db = Buffer.from(em.subarray(0, emLen - hLen - 1))
  const h = em.subarray(emLen - hLen - 1, emLen - 1)
  const topMask = 0xff >> (8 * emLen - emBits)
  if (((db[0] as number) & ~topMask) !== 0) return false
  const mask = mgf1(hash, h, db.length)
  for (let i = 0; i < db.length; i++) db[i] = (db[i] as number) ^ (mask[i] as number)
  db[0] = (db[0] as number) & topMask
  const one = db.indexOf(1)
  if (one === -1 || db.subarray(0, one).some((b) => b !== 0)) return false
  const salt = db.subarray(one + 1)
  if (saltLength !== undefined && salt.length !== saltLength) return false
  const expected = createHash(hash).update(Buffer.alloc(8)).update(digest).update(salt).digest()
  return timingSafeEqual(expected, h)
}

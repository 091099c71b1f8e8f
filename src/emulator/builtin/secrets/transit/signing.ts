/**
 * Sign and verify with a transit key (keysutil `SignWithOptions` /
 * `VerifySignatureWithOptions`). Node hashes and signs in one step, which
 * gives the same signature as Vault's hash-then-sign; only `prehashed` input
 * goes through the digest-level helpers. Signatures are
 * `vault:v<N>:<base64>` (`asn1`) or `vault:v<N>:<base64url>` (`jws`).
 */
import { constants, sign as nodeSign, verify as nodeVerify } from 'node:crypto'
import type { KeyObject } from 'node:crypto'
import type { TransitKey } from './key-record.js'
import { KEY_TYPES } from './key-types.js'
import type { KeyObjectCache } from './key-objects.js'
import { ed25519RawPublic } from './key-objects.js'
import { hkdfSha256 } from './derive.js'
import { NODE_HASHES } from '../../../framework/hash-names.js'
import { fieldSize, signDigest, verifyDigest } from './ecdsa-digest.js'
import { maxPssSalt, signPkcs1Digest, signPssDigest, verifyPkcs1Digest, verifyPssDigest } from './rsa-digest.js'
import { parseDerSignature } from './ecdsa-der.js'
import { ERR_TOO_OLD, TransitError, transitInternal, userError } from './transit-error.js'
import { entryOf, parseVersioned, prefixFor, versionForWrite } from './versions.js'

export interface SigningOptions {
  /** Vault hash name (`sha2-256`, `none`...). */
  hash: string
  prehashed: boolean
  /** `pss` (default) or `pkcs1v15`, RSA only. */
  signatureAlgorithm: string
  marshaling: 'asn1' | 'jws'
  /** Go's convention: 0 auto, -1 equal to the hash, otherwise bytes. */
  saltLength: number
  /** Derivation context, ed25519 derived keys only. */
  context: Buffer
}

export interface SignResult {
  signature: string
  version: number
  /** The derived public key, for derived ed25519 keys. */
  publicKey?: Buffer
}

function encode(sig: Buffer, marshaling: 'asn1' | 'jws'): string {
  return marshaling === 'jws' ? sig.toString('base64url') : sig.toString('base64')
}

function derivedEd25519(key: TransitKey, version: number, context: Buffer, objects: KeyObjectCache): KeyObject {
  try {
    return objects.ed25519Private(hkdfSha256(Buffer.from(entryOf(key, version).key, 'base64'), context, 32))
  } catch (err) {
    throw transitInternal(`error deriving key: ${err instanceof Error ? err.message : String(err)}`)
  }
}

function checkSalt(key: KeyObject, hash: string, saltLength: number): void {
  if (saltLength < -1 || saltLength > maxPssSalt(key, hash)) throw userError(`requested salt length ${saltLength} is invalid`)
}

/** Node's salt-length option for Go's convention. */
function nodeSalt(saltLength: number, signing: boolean): number {
  if (saltLength === 0) return signing ? constants.RSA_PSS_SALTLEN_MAX_SIGN : constants.RSA_PSS_SALTLEN_AUTO
  if (saltLength === -1) return constants.RSA_PSS_SALTLEN_DIGEST
  return saltLength
}

export function signInput(key: TransitKey, requested: number, input: Buffer, options: SigningOptions, objects: KeyObjectCache): SignResult {
  const spec = KEY_TYPES[key.type]
  if (!spec.signing) throw transitInternal(`message signing not supported for key type ${key.type}`)
  const version = versionForWrite(key, requested, 'signing')
  const entry = entryOf(key, version)
  const hash = NODE_HASHES[options.hash] ?? null
  let sig: Buffer
  let publicKey: Buffer | undefined
  switch (spec.family) {
    case 'ecdsa': {
      const priv = objects.privateFromPkcs8(entry.key)
      if (options.prehashed || hash === null) {
        const p1363 = signDigest(priv, input)
        sig = options.marshaling === 'jws' ? p1363 : p1363ToDer(p1363)
      } else {
        sig = nodeSign(hash, input, { key: priv, dsaEncoding: options.marshaling === 'jws' ? 'ieee-p1363' : 'der' })
      }
      break
    }
    case 'ed25519': {
      let priv: KeyObject
      if (key.derived) {
        priv = derivedEd25519(key, version, options.context, objects)
        publicKey = ed25519RawPublic(priv)
      } else {
        priv = objects.ed25519Private(Buffer.from(entry.key, 'base64').subarray(0, 32))
      }
      // ed25519 hashes internally; the input is signed as is.
      sig = nodeSign(null, input, priv)
      break
    }
    case 'rsa': {
      const priv = objects.privateFromPkcs8(entry.key)
      const algorithm = options.signatureAlgorithm || 'pss'
      if (algorithm === 'pss') {
        if (hash === null) throw transitInternal('unsupported hash algorithm')
        checkSalt(priv, hash, options.saltLength)
        if (options.prehashed) {
          const salt = options.saltLength === 0 ? maxPssSalt(priv, hash) : options.saltLength === -1 ? input.length : options.saltLength
          sig = signPssDigest(priv, hash, input, salt)
        } else {
          sig = nodeSign(hash, input, { key: priv, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: nodeSalt(options.saltLength, true) })
        }
      } else if (algorithm === 'pkcs1v15') {
        sig = options.prehashed || hash === null
          ? signPkcs1Digest(priv, hash, input)
          : nodeSign(hash, input, { key: priv, padding: constants.RSA_PKCS1_PADDING })
      } else {
        throw transitInternal(`unsupported rsa signature algorithm ${algorithm}`)
      }
      break
    }
    default:
      throw transitInternal(`unsupported key type ${key.type}`)
  }
  return { signature: prefixFor(version) + encode(sig, options.marshaling), version, ...(publicKey ? { publicKey } : {}) }
}

function p1363ToDer(p1363: Buffer): Buffer {
  const half = p1363.length / 2
  const int = (bytes: Buffer): Buffer => {
    let b = bytes
    while (b.length > 1 && b[0] === 0 && ((b[1] as number) & 0x80) === 0) b = b.subarray(1)
    if (((b[0] as number) & 0x80) !== 0) b = Buffer.concat([Buffer.from([0]), b])
    return Buffer.concat([Buffer.from([0x02, b.length]), b])
  }
  const body = Buffer.concat([int(p1363.subarray(0, half)), int(p1363.subarray(half))])
  const length = body.length < 0x80 ? Buffer.from([body.length]) : Buffer.from([0x81, body.length])
  return Buffer.concat([Buffer.from([0x30]), length, body])
}

function decodeSignature(body: string, marshaling: 'asn1' | 'jws'): Buffer {
  const valid = marshaling === 'jws' ? /^[A-Za-z0-9_-]*$/.test(body) : /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(body)
  if (!valid) throw userError('invalid base64 signature value')
  return Buffer.from(body, marshaling === 'jws' ? 'base64url' : 'base64')
}

function bigOf(bytes: Buffer): bigint {
  return bytes.length === 0 ? 0n : BigInt(`0x${bytes.toString('hex')}`)
}

export function verifySignature(key: TransitKey, input: Buffer, signature: string, options: SigningOptions, objects: KeyObjectCache): boolean {
  const spec = KEY_TYPES[key.type]
  if (!spec.signing) throw userError(`message verification not supported for key type ${key.type}`)
  const parsed = parseVersioned(signature, 'signature')
  const version = parsed.version
  if (version > key.latest_version) throw userError('invalid signature: version is too new')
  if (key.min_decryption_version > 0 && version < key.min_decryption_version) throw userError(ERR_TOO_OLD)
  const sig = decodeSignature(parsed.body, options.marshaling)
  const hash = NODE_HASHES[options.hash] ?? null
  switch (spec.family) {
    case 'ecdsa': {
      let r: bigint
      let s: bigint
      if (options.marshaling === 'asn1') {
        const der = parseDerSignature(sig)
        if (!der) throw userError('supplied signature is invalid')
        if (der.rest.length > 0) throw userError('supplied signature contains extra data')
        r = bigOf(der.r)
        s = bigOf(der.s)
      } else {
        const half = Math.floor(sig.length / 2)
        r = bigOf(sig.subarray(0, half))
        s = bigOf(sig.subarray(half))
      }
      const pub = objects.publicFromPkcs8(entryOf(key, version).key)
      if (options.prehashed || hash === null) return verifyDigest(pub, input, r, s)
      const size = fieldSize(pub)
      const toFixed = (v: bigint): Buffer | undefined => {
        const hex = v.toString(16)
        return hex.length > size * 2 ? undefined : Buffer.from(hex.padStart(size * 2, '0'), 'hex')
      }
      const rb = toFixed(r)
      const sb = toFixed(s)
      if (!rb || !sb) return false
      return nodeVerify(hash, input, { key: pub, dsaEncoding: 'ieee-p1363' }, Buffer.concat([rb, sb]))
    }
    case 'ed25519': {
      const pub = key.derived
        ? derivedEd25519(key, version, options.context, objects)
        : objects.ed25519Public(Buffer.from(entryOf(key, version).public_key, 'base64'))
      try {
        return nodeVerify(null, input, pub, sig)
      } catch {
        return false
      }
    }
    case 'rsa': {
      const pub = objects.publicFromPkcs8(entryOf(key, version).key)
      const algorithm = options.signatureAlgorithm || 'pss'
      if (algorithm === 'pss') {
        if (hash === null) throw transitInternal('unsupported hash algorithm')
        checkSalt(pub, hash, options.saltLength)
        if (options.prehashed) {
          const salt = options.saltLength === 0 ? undefined : options.saltLength === -1 ? input.length : options.saltLength
          return verifyPssDigest(pub, hash, input, sig, salt)
        }
        return safeVerify(() =>
          nodeVerify(hash, input, { key: pub, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: nodeSalt(options.saltLength, false) }, sig),
        )
      }
      if (algorithm === 'pkcs1v15') {
        if (options.prehashed || hash === null) return verifyPkcs1Digest(pub, hash, input, sig)
        return safeVerify(() => nodeVerify(hash, input, { key: pub, padding: constants.RSA_PKCS1_PADDING }, sig))
      }
      throw transitInternal(`unsupported rsa signature algorithm ${algorithm}`)
    }
    default:
      throw transitInternal(`unsupported key type ${key.type}`)
  }
}

function safeVerify(run: () => boolean): boolean {
  try {
    return run()
  } catch (err) {
    if (err instanceof TransitError) throw err
    return false
  }
}

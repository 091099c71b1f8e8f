/**
 * Choosing and fetching key versions the way keysutil does, with its error
 * texts: version 0 means the latest, and each operation has its own wording.
 */
import type { KeyVersion, TransitKey } from './key-record.js'
import { userError } from './transit-error.js'

/** keysutil `safeGetKeyEntry`. */
export function entryOf(key: TransitKey, version: number): KeyVersion {
  const entry = key.versions[String(version)]
  if (!entry) throw userError('no such key version')
  return entry
}

/** The version an encrypt-like operation uses (`requested version for <verb> is ...`). */
export function versionForWrite(key: TransitKey, requested: number, verb: 'encryption' | 'signing'): number {
  if (requested === 0) return key.latest_version
  if (requested < 0) throw userError(`requested version for ${verb} is negative`)
  if (requested > key.latest_version) throw userError(`requested version for ${verb} is higher than the latest key version`)
  if (verb === 'signing' && key.min_encryption_version > 0 && requested < key.min_encryption_version) {
    throw userError('requested version for signing is less than the minimum encryption key version')
  }
  if (verb === 'encryption' && requested < key.min_encryption_version) {
    throw userError('requested version for encryption is less than the minimum encryption key version')
  }
  return requested
}

export interface VersionedValue {
  version: number
  /** The text after `vault:v<N>:`. */
  body: string
}

/** Split `vault:v<N>:<body>`; `what` is `ciphertext` or `signature` (their error texts differ). */
export function parseVersioned(value: string, what: 'ciphertext' | 'signature'): VersionedValue {
  const prefix = 'vault:v'
  if (!value.startsWith(prefix)) throw userError(`invalid ${what}: no prefix`)
  const rest = value.slice(prefix.length)
  const colon = rest.indexOf(':')
  if (colon === -1) throw userError(`invalid ${what}: wrong number of fields`)
  const digits = rest.slice(0, colon)
  // Go's strconv.Atoi: optional sign, decimal digits.
  if (!/^[+-]?\d+$/.test(digits)) throw userError(`invalid ${what}: version number could not be decoded`)
  return { version: Number.parseInt(digits, 10), body: rest.slice(colon + 1) }
}

export function prefixFor(version: number): string {
  return `vault:v${version}:`
}

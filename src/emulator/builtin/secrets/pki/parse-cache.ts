/**
 * Parsed forms of stored PEM text (issuer certificates, issuer keys), kept
 * so that every issuance does not re-parse them. Keyed by the text itself, so
 * an entry can never be stale and holds no emulator state: it is a memo of a
 * pure function, shared by every mount. Bounded.
 */
import { X509Certificate, createPrivateKey } from 'node:crypto'
import type { KeyObject } from 'node:crypto'

const MAX_ENTRIES = 256
const certificates = new Map<string, X509Certificate>()
const privateKeys = new Map<string, KeyObject>()

function memo<T>(cache: Map<string, T>, text: string, parse: (text: string) => T): T {
  let value = cache.get(text)
  if (value === undefined) {
    value = parse(text)
    if (cache.size >= MAX_ENTRIES) cache.clear()
    cache.set(text, value)
  }
  return value
}

export function parsedCertificate(pem: string): X509Certificate {
  return memo(certificates, pem, (text) => new X509Certificate(text))
}

export function parsedPrivateKey(pem: string): KeyObject {
  return memo(privateKeys, pem, (text) => createPrivateKey(text))
}

/**
 * Issuers and their keys (Vault ≥ 1.11's multi-issuer storage): resolving
 * `default`, a name or an id; the key an issuer signs with; the chain up to
 * the root among the mount's issuers; importing certificates and keys.
 */
import { X509Certificate, createPublicKey } from 'node:crypto'
import type { KeyObject } from 'node:crypto'
import type { Storage } from '../../../core/storage.js'
import { uuid } from '../../../core/ids.js'
import { issuers, keys, readIssuersConfig, writeIssuersConfig } from './records.js'
import type { IssuerRecord, KeyRecord } from './records.js'
import { derToPem } from './cert-factory.js'
import { keyTypeOf, spkiDer, storedKeyPem } from './key-pairs.js'
import { parsedCertificate, parsedPrivateKey } from './parse-cache.js'
import { colonSerial } from './serial.js'
import { pkiUserError } from './pki-error.js'

export interface LoadedIssuer {
  record: IssuerRecord
  cert: X509Certificate
  der: Buffer
}

export function resolveIssuerId(storage: Storage, reference: string): string {
  if (reference === 'default') {
    const id = readIssuersConfig(storage).default
    if (id === '') throw pkiUserError('no default issuer currently configured')
    return id
  }
  if (issuers.get(storage, reference)) return reference
  for (const id of issuers.list(storage)) if (issuers.get(storage, id)?.name === reference) return id
  throw pkiUserError(`unable to find PKI issuer for reference: ${reference}`)
}

export function loadIssuer(storage: Storage, id: string): LoadedIssuer | undefined {
  const record = issuers.get(storage, id)
  if (!record) return undefined
  const cert = parsedCertificate(record.certificate)
  return { record, cert, der: cert.raw }
}

/** The issuer `reference` points to and its private key, or the error Vault gives. */
export function signingIssuer(storage: Storage, reference: string): { issuer: LoadedIssuer; key: KeyObject } {
  const id = resolveIssuerId(storage, reference)
  const issuer = loadIssuer(storage, id)
  if (!issuer) throw pkiUserError(`unable to find PKI issuer for reference: ${reference}`)
  const key = issuer.record.key_id === '' ? undefined : keys.get(storage, issuer.record.key_id)
  if (!key) throw pkiUserError(`unable to fetch corresponding key for issuer ${id}; unable to use this issuer for signing`)
  return { issuer, key: parsedPrivateKey(key.private_key) }
}

/** `issuer` and the issuers above it in this mount, up to a self-signed root. */
export function issuerChain(storage: Storage, issuer: LoadedIssuer): LoadedIssuer[] {
  const all = issuers
    .list(storage)
    .map((id) => loadIssuer(storage, id))
    .filter((i): i is LoadedIssuer => i !== undefined)
  const chain = [issuer]
  let current = issuer
  while (current.cert.subject !== current.cert.issuer || !current.cert.verify(current.cert.publicKey)) {
    const parent = all.find((c) => !chain.some((x) => x.record.id === c.record.id) && current.cert.checkIssued(c.cert) && current.cert.verify(c.cert.publicKey))
    if (!parent) break
    chain.push(parent)
    current = parent
  }
  return chain
}

/** Store a private key; the same key is stored once. */
export function saveKey(storage: Storage, privateKey: KeyObject, name = ''): KeyRecord {
  const existing = findKeyFor(storage, spkiDer(privateKey))
  if (existing) return existing
  const record: KeyRecord = { id: uuid(), name, type: keyTypeOf(privateKey), private_key: storedKeyPem(privateKey) }
  keys.put(storage, record.id, record)
  return record
}

export function findKeyFor(storage: Storage, spki: Buffer): KeyRecord | undefined {
  for (const id of keys.list(storage)) {
    const record = keys.get(storage, id)
    if (record && spkiDer(createPublicKey(parsedPrivateKey(record.private_key))).equals(spki)) return record
  }
  return undefined
}

/**
 * Add a CA certificate as an issuer (or find the one already stored), linked
 * to the stored key that matches it; the first issuer with a key becomes the
 * default when there is none.
 */
export function importIssuer(storage: Storage, der: Buffer, name = ''): { record: IssuerRecord; existing: boolean } {
  const pem = derToPem(der, 'CERTIFICATE')
  for (const id of issuers.list(storage)) {
    const record = issuers.get(storage, id)
    if (record && record.certificate === pem) return { record, existing: true }
  }
  const cert = new X509Certificate(der)
  const key = findKeyFor(storage, spkiDer(cert.publicKey))
  const record: IssuerRecord = {
    id: uuid(),
    name,
    certificate: pem,
    key_id: key?.id ?? '',
    serial_number: colonSerial(cert.serialNumber),
    leaf_not_after_behavior: 'err',
  }
  issuers.put(storage, record.id, record)
  const config = readIssuersConfig(storage)
  if (config.default === '' && record.key_id !== '') writeIssuersConfig(storage, { ...config, default: record.id })
  return { record, existing: false }
}

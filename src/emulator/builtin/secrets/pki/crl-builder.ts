/**
 * Certificate revocation lists, one per issuer with a key: every revoked
 * certificate that issuer signed, an incrementing CRL number, the issuer's
 * key ID, valid for `config/crl`'s expiry (72h) from the virtual clock's now.
 * Rebuilt when a certificate is revoked, on `crl/rotate`, and lazily when
 * first read.
 */
import type { Storage } from '../../../core/storage.js'
import { x509 } from './x509-runtime.js'
import { crls, issuers, keys, revoked } from './records.js'
import type { CrlRecord } from './records.js'
import { loadIssuer } from './issuer-store.js'
import { arrayBufferOf, derToPem } from './cert-factory.js'
import { signingAlgorithm, signingCryptoKey } from './key-pairs.js'
import { parsedPrivateKey } from './parse-cache.js'

const CRL_EXPIRY_MS = 72 * 3600 * 1000

/** DER INTEGER for a non-negative number. */
function derInteger(value: number): Uint8Array {
  let hex = value.toString(16)
  if (hex.length % 2 === 1) hex = `0${hex}`
  if (Number.parseInt(hex.slice(0, 2), 16) >= 0x80) hex = `00${hex}`
  const body = Buffer.from(hex, 'hex')
  return new Uint8Array([0x02, body.length, ...body])
}

/** Build (or rebuild) the CRL of one issuer; undefined when it has no key to sign with. */
export async function buildCrl(storage: Storage, issuerId: string, nowMs: number): Promise<CrlRecord | undefined> {
  const issuer = loadIssuer(storage, issuerId)
  const keyRecord = issuer && issuer.record.key_id !== '' ? keys.get(storage, issuer.record.key_id) : undefined
  if (!issuer || !keyRecord) return undefined
  const key = parsedPrivateKey(keyRecord.private_key)
  const peculiar = new x509.X509Certificate(arrayBufferOf(issuer.der))
  const entries: x509.X509CrlEntryParams[] = []
  for (const serial of revoked.list(storage)) {
    const record = revoked.get(storage, serial)
    if (record?.issuer_id === issuerId) {
      entries.push({ serialNumber: serial.replace(/-/g, ''), revocationDate: new Date(record.revocation_time * 1000) })
    }
  }
  const number = (crls.get(storage, issuerId)?.number ?? 0) + 1
  const extensions: x509.Extension[] = [new x509.Extension('2.5.29.20', false, arrayBufferOf(derInteger(number)))]
  const ski = peculiar.getExtension(x509.SubjectKeyIdentifierExtension)?.keyId
  if (ski) extensions.unshift(new x509.AuthorityKeyIdentifierExtension(ski))
  const crl = await x509.X509CrlGenerator.create({
    issuer: peculiar.subjectName,
    thisUpdate: new Date(Math.floor(nowMs / 1000) * 1000),
    nextUpdate: new Date(Math.floor((nowMs + CRL_EXPIRY_MS) / 1000) * 1000),
    entries,
    extensions,
    signingKey: (await signingCryptoKey(key, 0)) as unknown as CryptoKey,
    signingAlgorithm: signingAlgorithm(key, 0) as Algorithm,
  })
  const record: CrlRecord = { der: Buffer.from(crl.rawData).toString('base64'), number }
  crls.put(storage, issuerId, record)
  return record
}

/** The stored CRL of an issuer, built on first use. */
export async function crlOf(storage: Storage, issuerId: string, nowMs: number): Promise<CrlRecord | undefined> {
  return crls.get(storage, issuerId) ?? (await buildCrl(storage, issuerId, nowMs))
}

export async function rebuildAllCrls(storage: Storage, nowMs: number): Promise<void> {
  for (const id of issuers.list(storage)) await buildCrl(storage, id, nowMs)
}

export function crlPem(record: CrlRecord): string {
  return derToPem(Buffer.from(record.der, 'base64'), 'X509 CRL')
}

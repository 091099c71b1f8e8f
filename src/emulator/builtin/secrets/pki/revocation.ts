/**
 * Revoking a certificate (Vault's `revokeCert`): refused for an issuer's own
 * certificate, idempotent, skipped with a warning once expired; the record
 * names the issuer that signed it, whose CRL is rebuilt.
 */
import { X509Certificate } from 'node:crypto'
import type { PkiEngine } from './engine.js'
import { issuers, revoked } from './records.js'
import { loadIssuer } from './issuer-store.js'
import { buildCrl } from './crl-builder.js'
import { rfc3339 } from '../../../framework/time-format.js'
import { colonSerial, storageSerial } from './serial.js'
import { pkiUserError } from './pki-error.js'

export interface RevokeOutcome {
  data?: Record<string, unknown>
  warnings: string[]
}

export async function revokeCertificate(engine: PkiEngine, cert: X509Certificate): Promise<RevokeOutcome> {
  const storage = engine.storage
  const serial = colonSerial(cert.serialNumber)
  const all = issuers.list(storage).map((id) => loadIssuer(storage, id)).filter((i) => i !== undefined)
  const own = all.find((i) => i.record.serial_number === serial)
  if (own) throw pkiUserError(`adding issuer (id: ${own.record.id}) to its own CRL is not allowed`)
  const existing = revoked.get(storage, storageSerial(serial))
  if (existing) {
    return { data: { revocation_time: existing.revocation_time, revocation_time_rfc3339: existing.revocation_time_rfc3339, state: 'revoked' }, warnings: [] }
  }
  const nowMs = engine.clock.now()
  if (cert.validToDate.getTime() < nowMs + 2000) return { warnings: [`certificate with serial ${serial} already expired; refusing to add to CRL`] }
  const issuer = all.find((i) => cert.checkIssued(i.cert) && cert.verify(i.cert.publicKey))
  const record = {
    der: cert.raw.toString('base64'),
    revocation_time: Math.floor(nowMs / 1000),
    revocation_time_rfc3339: rfc3339(nowMs),
    issuer_id: issuer?.record.id ?? '',
  }
  revoked.put(storage, storageSerial(serial), record)
  if (issuer) await buildCrl(storage, issuer.record.id, nowMs)
  return { data: { revocation_time: record.revocation_time, revocation_time_rfc3339: record.revocation_time_rfc3339, state: 'revoked' }, warnings: [] }
}

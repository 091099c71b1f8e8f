/**
 * Leases on issued certificates (roles with `generate_lease`): revoking the
 * lease revokes the certificate, as Vault's `secretCerts` does.
 */
import { X509Certificate } from 'node:crypto'
import type { SecretHooks } from '../../../framework/backend.js'
import type { PkiEngine } from './engine.js'
import { certs } from './records.js'
import { storageSerial } from './serial.js'
import { revokeCertificate } from './revocation.js'

export const CERT_SECRET = 'pki'

export function certSecret(engine: PkiEngine): SecretHooks {
  return {
    revoke: async (lease) => {
      const serial = lease.internal['serial_number']
      if (typeof serial !== 'string') return
      const stored = certs.get(engine.storage, storageSerial(serial))
      if (!stored) return
      await engine.serialised(() => revokeCertificate(engine, new X509Certificate(Buffer.from(stored.der, 'base64'))))
    },
  }
}

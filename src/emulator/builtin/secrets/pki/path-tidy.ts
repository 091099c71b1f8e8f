// API: https://developer.hashicorp.com/vault/api-docs/secret/pki#tidy
//      https://developer.hashicorp.com/vault/api-docs/secret/pki#tidy-status
import { X509Certificate } from 'node:crypto'
import { definePath } from '../../../framework/path.js'
import type { PathDefinition } from '../../../framework/path.js'
import { field } from '../../../framework/fields.js'
import { invalidRequest } from '../../../core/errors.js'
import { rfc3339 } from '../../../framework/time-format.js'
import type { PkiEngine } from './engine.js'
import { certs, revoked } from './records.js'
import { rebuildAllCrls } from './crl-builder.js'

interface TidyStatus {
  state: string
  time_started: string | null
  time_finished: string | null
  cert_store_deleted_count: number
  revoked_cert_deleted_count: number
}

const TIDY_KEY = 'tidy-status'

/**
 * Vault tidies in the background and answers 202 at once; the emulator runs
 * the (fast) tidy before answering, so `tidy-status` is already final.
 */
export function tidyPaths(engine: PkiEngine): PathDefinition[] {
  return [
    definePath({
      pattern: 'tidy',
      fields: {
        tidy_cert_store: field.bool({ doc: 'Delete expired certificates from the store.' }),
        tidy_revoked_certs: field.bool({ doc: 'Delete expired revoked certificates (and drop them from CRLs).' }),
        tidy_revoked_cert_issuer_associations: field.bool({ doc: 'Accepted; associations are always kept.' }),
        tidy_expired_issuers: field.bool({ doc: 'Accepted; issuers are not tidied.' }),
        safety_buffer: field.durationSeconds({ doc: 'How long past expiry before deletion.', default: 72 * 3600 }),
      },
      operations: {
        update: ({ data }) =>
          engine.serialised(async () => {
            if (data.safety_buffer < 1) throw invalidRequest('safety_buffer must be greater than zero')
            const nowMs = engine.clock.now()
            const enabled = data.tidy_cert_store || data.tidy_revoked_certs || data.tidy_revoked_cert_issuer_associations || data.tidy_expired_issuers
            const status: TidyStatus = { state: 'Finished', time_started: rfc3339(nowMs), time_finished: rfc3339(nowMs), cert_store_deleted_count: 0, revoked_cert_deleted_count: 0 }
            const cutoff = nowMs - data.safety_buffer * 1000
            const expired = (der: string): boolean => new X509Certificate(Buffer.from(der, 'base64')).validToDate.getTime() < cutoff
            if (data.tidy_cert_store) {
              for (const serial of certs.list(engine.storage)) {
                const stored = certs.get(engine.storage, serial)
                if (stored && expired(stored.der)) {
                  certs.delete(engine.storage, serial)
                  status.cert_store_deleted_count++
                }
              }
            }
            if (data.tidy_revoked_certs) {
              for (const serial of revoked.list(engine.storage)) {
                const record = revoked.get(engine.storage, serial)
                if (record && expired(record.der)) {
                  revoked.delete(engine.storage, serial)
                  certs.delete(engine.storage, serial)
                  status.revoked_cert_deleted_count++
                }
              }
              await rebuildAllCrls(engine.storage, nowMs)
            }
            engine.storage.put(TIDY_KEY, status)
            const warning = enabled
              ? "Tidy operation successfully started. Any information from the operation will be printed to Vault's server logs."
              : 'Manual tidy requested but no tidy operations were set. Enable at least one tidy operation to be run (tidy_cert_store / tidy_revoked_certs / tidy_revoked_cert_issuer_associations / tidy_expired_issuers / tidy_move_legacy_ca_bundle / tidy_revocation_queue / tidy_cross_cluster_revoked_certs / tidy_acme).'
            return { status: 202, warnings: [warning] }
          }),
      },
      synopsis: 'Delete expired certificates from storage and the CRLs.',
    }),
    definePath({
      pattern: 'tidy-status',
      operations: {
        read: () => ({ data: { ...(engine.storage.get<TidyStatus>(TIDY_KEY) ?? { state: 'Inactive', time_started: null, time_finished: null, cert_store_deleted_count: 0, revoked_cert_deleted_count: 0 }) } }),
      },
      synopsis: 'The outcome of the last tidy.',
    }),
  ]
}

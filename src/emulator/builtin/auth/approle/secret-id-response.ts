/** A secret ID's properties as `secret-id/lookup` and `secret-id-accessor/lookup` show them. */
import { rfc3339 } from '../../../framework/time-format.js'
import type { SecretIdEntry } from './secret-id-store.js'

/** Go's zero `time.Time`, which Vault shows for a secret ID that never expires. */
const GO_ZERO_TIME = '0001-01-01T00:00:00Z'

export function secretIdData(entry: SecretIdEntry): Record<string, unknown> {
  return {
    cidr_list: entry.cidr_list,
    creation_time: rfc3339(entry.creation_time_ms),
    expiration_time: entry.expiration_time_ms === 0 ? GO_ZERO_TIME : rfc3339(entry.expiration_time_ms),
    last_updated_time: rfc3339(entry.last_updated_time_ms),
    metadata: entry.metadata,
    secret_id_accessor: entry.secret_id_accessor,
    secret_id_num_uses: entry.secret_id_num_uses,
    secret_id_ttl: entry.secret_id_ttl,
    token_bound_cidrs: entry.token_bound_cidrs,
  }
}

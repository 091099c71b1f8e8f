// API: https://developer.hashicorp.com/vault/api-docs/system/health
//      https://developer.hashicorp.com/vault/api-docs/system/seal-status
//      https://developer.hashicorp.com/vault/api-docs/system/leader
//      https://developer.hashicorp.com/vault/api-docs/system/init
import { definePath } from '../../framework/path.js'
import { field } from '../../framework/fields.js'
import { VaultError, invalidRequest } from '../../core/errors.js'
import type { LogicalResponse } from '../../core/request.js'
import { BUILD_DATE, VAULT_VERSION } from '../../core/version.js'
import type { Core } from '../../core/core.js'

function raw(status: number, body: unknown): LogicalResponse {
  return { raw: { status, contentType: 'application/json', body: JSON.stringify(body) } }
}

/** Identity of this emulated cluster. */
export function clusterIdentity(core: Core): { cluster_name: string; cluster_id: string } {
  return core.clusterIdentity
}

const CODE_PARAMS = ['activecode', 'standbycode', 'drsecondarycode', 'performancestandbycode', 'haunhealthycode', 'sealedcode', 'uninitcode', 'removedcode'] as const

function parseCode(value: unknown, fallback: number): number {
  if (value === undefined) return fallback
  const text = Array.isArray(value) ? String(value[0]) : String(value)
  if (!/^-?\d+$/.test(text)) throw new VaultError('invalid-request', '')
  return Number.parseInt(text, 10)
}

export const healthPath = definePath({
  pattern: 'health',
  takesAnyField: true,
  operations: {
    read: ({ core, raw: query }) => {
      const codes: Record<string, number> = {}
      const defaults: Record<(typeof CODE_PARAMS)[number], number> = {
        activecode: 200, standbycode: 429, drsecondarycode: 472, performancestandbycode: 473, haunhealthycode: 474, sealedcode: 503, uninitcode: 501, removedcode: 530,
      }
      for (const name of CODE_PARAMS) codes[name] = parseCode(query[name], defaults[name])
      for (const flag of ['standbyok', 'perfstandbyok']) {
        const v = query[flag]
        if (v !== undefined && !/^(1|t|T|true|TRUE|True|0|f|F|false|FALSE|False)?$/.test(String(v))) {
          throw invalidRequest(`bad value for ${flag} parameter: strconv.ParseBool: parsing ${JSON.stringify(String(v))}: invalid syntax`)
        }
      }
      const seal = core.sealStatus()
      const status = !seal.initialized ? codes['uninitcode'] : seal.sealed ? codes['sealedcode'] : codes['activecode']
      const body: Record<string, unknown> = {
        initialized: seal.initialized,
        sealed: seal.sealed,
        standby: seal.sealed,
        performance_standby: false,
        replication_performance_mode: 'disabled',
        replication_dr_mode: 'disabled',
        server_time_utc: core.clock.unix(),
        version: VAULT_VERSION,
        enterprise: false,
      }
      if (!seal.sealed) Object.assign(body, core.clusterIdentity)
      Object.assign(body, { echo_duration_ms: 0, clock_skew_ms: 0, replication_primary_canary_age_ms: 0 })
      return raw(status ?? 200, body)
    },
  },
})

export const sealStatusPath = definePath({
  pattern: 'seal-status',
  operations: {
    read: ({ core }) => raw(200, sealStatusBody(core)),
  },
})

export function sealStatusBody(core: Core): Record<string, unknown> {
  const seal = core.sealStatus()
  const body: Record<string, unknown> = {
    type: 'shamir',
    initialized: seal.initialized,
    sealed: seal.sealed,
    t: seal.threshold,
    n: seal.shares,
    progress: seal.progress,
    nonce: seal.nonce,
    version: VAULT_VERSION,
    build_date: BUILD_DATE,
    migration: false,
    recovery_seal: false,
    storage_type: 'raft',
  }
  if (!seal.sealed) Object.assign(body, core.clusterIdentity)
  return body
}

export const leaderPath = definePath({
  pattern: 'leader',
  operations: {
    read: ({ core }) => {
      if (core.sealStatus().sealed) throw new VaultError('sealed', 'Vault is sealed')
      return raw(200, {
        ha_enabled: true,
        is_self: true,
        active_time: core.activeSince,
        leader_address: core.apiAddress,
        leader_cluster_address: core.apiAddress.replace(/^http:/, 'https:').replace(/:(\d+)$/, (_m, p: string) => `:${Number(p) + 1}`),
        performance_standby: false,
        performance_standby_last_remote_wal: 0,
        raft_committed_index: 0,
        raft_applied_index: 0,
      })
    },
  },
})

export const initPath = definePath({
  pattern: 'init',
  fields: {
    secret_shares: field.int({ doc: 'Number of key shares.' }),
    secret_threshold: field.int({ doc: 'Shares needed to unseal.' }),
    pgp_keys: field.commaList({ doc: 'PGP keys to encrypt the shares with.' }),
    root_token_pgp_key: field.string({ doc: 'PGP key for the root token.' }),
    recovery_shares: field.int({ doc: 'Auto-unseal only.' }),
    recovery_threshold: field.int({ doc: 'Auto-unseal only.' }),
    recovery_pgp_keys: field.commaList({ doc: 'Auto-unseal only.' }),
    stored_shares: field.int({ doc: 'Legacy; ignored.' }),
  },
  operations: {
    read: ({ core }) => raw(200, { initialized: core.sealStatus().initialized }),
    update: async ({ core, data, has }) => {
      const recovery = (['recovery_shares', 'recovery_threshold', 'recovery_pgp_keys'] as const).filter((name) => has(name) && isSet(data[name]))
      if (recovery.length > 0) throw invalidRequest(`parameters ${recovery.join(',')} not applicable to seal type shamir`)
      const result = await core.initialize({
        shares: data.secret_shares,
        threshold: data.secret_threshold,
        pgpKeys: data.pgp_keys,
        rootTokenPgpKey: data.root_token_pgp_key,
      })
      return raw(200, result)
    },
  },
})

/** Go's zero values count as "not given" (Vault decodes into a struct). */
function isSet(value: number | string[]): boolean {
  return Array.isArray(value) ? value.length > 0 : value !== 0
}

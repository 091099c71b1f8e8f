// API: https://developer.hashicorp.com/vault/api-docs/system/rekey
// A new root key from a quorum of the current key's shares, split into a new
// number of shares (`vault operator rekey`). PGP-encrypted shares, their backup
// and the verification step are not emulated: asking for them is refused.
import { definePath } from '../../framework/path.js'
import { field } from '../../framework/fields.js'
import { invalidRequest, sealedError } from '../../core/errors.js'
import type { LogicalResponse } from '../../core/request.js'
import type { Core } from '../../core/core.js'
import { validateSealConfig } from '../../core/seal/seal-config.js'
import { decodeKeyText, keyLengthProblem } from '../../core/seal/unseal-key.js'
import { structString } from './go-struct-body.js'

/** What `sys/rekey/init` answers (and `sys/rekey/update` before the last share). */
export interface RekeyStatus {
  nonce: string
  started: boolean
  t: number
  n: number
  progress: number
  required: number
  pgp_fingerprints: null
  backup: boolean
  verification_required: boolean
}

/** What `sys/rekey/update` answers once the threshold is reached: the new shares. */
export interface RekeyResult {
  nonce: string
  complete: true
  keys: string[]
  keys_base64: string[]
  pgp_fingerprints: null
  backup: boolean
  verification_required: boolean
}

function raw(body: RekeyStatus | RekeyResult): LogicalResponse {
  return { raw: { status: 200, contentType: 'application/json', body: JSON.stringify(body) } }
}

function rekeyStatus(core: Core): RekeyStatus {
  if (!core.seal.initialized) throw invalidRequest('server is not yet initialized')
  if (core.seal.sealed) throw sealedError()
  const attempt = core.seal.rekeying
  const config = attempt.settings
  return {
    nonce: attempt.nonce,
    started: attempt.started,
    t: config?.secret_threshold ?? 0,
    n: config?.secret_shares ?? 0,
    progress: attempt.progress,
    required: core.seal.threshold,
    pgp_fingerprints: null,
    backup: false,
    verification_required: false,
  }
}

export const rekeyInitPath = definePath({
  pattern: 'rekey/init',
  fields: {
    secret_shares: field.int({ doc: 'Number of shares to split the new root key into.' }),
    secret_threshold: field.int({ doc: 'Number of shares required to rebuild the new root key.' }),
    pgp_keys: field.commaList({ doc: 'PGP keys to encrypt the new shares with (not supported by the emulator).' }),
    backup: field.bool({ doc: 'Store a backup of the PGP-encrypted shares (not supported by the emulator).' }),
    require_verification: field.bool({ doc: 'Verify the new shares before they take effect (not supported by the emulator).' }),
  },
  operations: {
    read: ({ core }) => raw(rekeyStatus(core)),
    update: ({ core, data }) => {
      if (!core.seal.initialized) throw invalidRequest('server is not yet initialized')
      if (data.backup && (data.pgp_keys ?? []).length === 0) throw invalidRequest('cannot request a backup of the new keys without providing PGP keys for encryption')
      if ((data.pgp_keys ?? []).length > 0 && (data.pgp_keys ?? []).length !== data.secret_shares) throw invalidRequest('incorrect number of PGP keys for rekey')
      if ((data.pgp_keys ?? []).length > 0 || data.require_verification) {
        throw invalidRequest('[vault-emu] PGP-encrypted shares and rekey verification are not supported: leave out pgp_keys, backup and require_verification')
      }
      if (core.seal.sealed) throw sealedError()
      const config = validateSealConfig(data.secret_shares, data.secret_threshold, [])
      core.seal.rekeying.start(config)
      return raw(rekeyStatus(core))
    },
    delete: ({ core }) => {
      if (core.seal.sealed) throw sealedError()
      core.seal.rekeying.cancel()
      return undefined
    },
  },
})

export const rekeyUpdatePath = definePath({
  pattern: 'rekey/update',
  takesAnyField: true,
  operations: {
    update: async ({ core, raw: body }) => {
      const keyText = structString(body, 'key', 'RekeyUpdateRequest')
      const nonce = structString(body, 'nonce', 'RekeyUpdateRequest')
      if (keyText === '') throw invalidRequest("'key' must be specified in request body as JSON")
      const key = decodeKeyText(keyText)
      const problem = keyLengthProblem(key)
      if (problem) throw invalidRequest(problem)
      if (!core.seal.initialized) throw invalidRequest('server is not yet initialized')
      if (core.seal.sealed) throw sealedError()
      const attempt = core.seal.rekeying
      const config = attempt.settings
      if (!config) throw invalidRequest('no barrier rekey in progress')
      const parts = attempt.add(key, nonce, core.seal.threshold)
      if (!parts) return raw(rekeyStatus(core))
      const shares = await core.seal.rekey(await core.seal.combineShares(parts), config)
      return raw({
        nonce,
        complete: true,
        keys: shares.map((s) => Buffer.from(s).toString('hex')),
        keys_base64: shares.map((s) => Buffer.from(s).toString('base64')),
        pgp_fingerprints: null,
        backup: false,
        verification_required: false,
      })
    },
  },
})

// API: https://developer.hashicorp.com/vault/api-docs/system/generate-root
//      https://developer.hashicorp.com/vault/api-docs/system/decode-token
import { definePath } from '../../framework/path.js'
import { field } from '../../framework/fields.js'
import { invalidRequest, sealedError } from '../../core/errors.js'
import type { LogicalResponse } from '../../core/request.js'
import type { Core } from '../../core/core.js'
import { randomBase62 } from '../../core/ids.js'
import { newRootTokenId } from '../../core/token-id.js'
import { combineKey } from '../../core/seal/shamir.js'
import { createRootToken } from '../../core/seal/root-token.js'
import { ROOT_OTP_LENGTH } from '../../core/seal/root-generation.js'
import { TokenDecodeError, decodeRootToken, encodeRootToken } from '../../core/seal/root-token-otp.js'
import { WRONG_KEYS_MESSAGE } from '../../core/seal/seal-manager.js'
import { decodeKeyText, keyLengthProblem } from '../../core/seal/unseal-key.js'
import { structString } from './go-struct-body.js'

/** What `sys/generate-root/attempt` and `/update` answer (the CLI reads the same shape). */
export interface GenerateRootStatus {
  nonce: string
  started: boolean
  progress: number
  required: number
  complete: boolean
  encoded_token: string
  encoded_root_token: string
  pgp_fingerprint: string
  otp: string
  otp_length: number
}

function raw(body: GenerateRootStatus): LogicalResponse {
  return { raw: { status: 200, contentType: 'application/json', body: JSON.stringify(body) } }
}

/** The attempt's status; `otp` only in the answer that generated it. */
function attemptStatus(core: Core, otp: string): GenerateRootStatus {
  if (!core.seal.initialized) throw invalidRequest('server is not yet initialized')
  if (core.seal.sealed) throw sealedError()
  const gen = core.seal.rootGeneration
  return {
    nonce: gen.nonce, started: gen.started, progress: gen.progress, required: core.seal.threshold, complete: false,
    encoded_token: '', encoded_root_token: '', pgp_fingerprint: '', otp, otp_length: ROOT_OTP_LENGTH,
  }
}

export const generateRootAttemptPath = definePath({
  pattern: 'generate-root/attempt',
  fields: {
    otp: field.string({ doc: 'One-time password (28 characters) the new token is XORed with.' }),
    pgp_key: field.string({ doc: 'PGP key to encrypt the token with (not supported by the emulator).' }),
  },
  operations: {
    read: ({ core }) => raw(attemptStatus(core, '')),
    update: ({ core, data }) => {
      // Vault's text; OpenBao words it "OTP string has incorrect length".
      if (data.otp !== '' && data.otp.length !== ROOT_OTP_LENGTH) throw invalidRequest('OTP string is wrong length')
      if (data.otp === '' && data.pgp_key !== '') {
        throw invalidRequest('[vault-emu] pgp_key is not supported: start the attempt with an otp, or with neither to get one')
      }
      if (core.seal.sealed) throw sealedError()
      // Without otp and pgp_key the server makes the OTP and shows it once (Vault ≥ 1.10).
      const otp = data.otp === '' ? randomBase62(ROOT_OTP_LENGTH) : data.otp
      core.seal.rootGeneration.start({ otp })
      return raw(attemptStatus(core, data.otp === '' ? otp : ''))
    },
    delete: ({ core }) => {
      if (core.seal.sealed) throw sealedError()
      core.seal.rootGeneration.cancel()
      return undefined
    },
  },
})

export const generateRootUpdatePath = definePath({
  pattern: 'generate-root/update',
  takesAnyField: true,
  operations: {
    update: async ({ core, raw: body }) => {
      const keyText = structString(body, 'key', 'GenerateRootUpdateRequest')
      const nonce = structString(body, 'nonce', 'GenerateRootUpdateRequest')
      if (keyText === '') throw invalidRequest("'key' must be specified in request body as JSON")
      const key = decodeKeyText(keyText)
      const problem = keyLengthProblem(key)
      if (problem) throw invalidRequest(problem)
      if (!core.seal.initialized) throw invalidRequest('Vault is not initialized')
      if (core.seal.sealed) throw sealedError()
      const gen = core.seal.rootGeneration
      const required = core.seal.threshold
      const parts = gen.add(key, nonce, required)
      const status = { nonce, started: true, required, encoded_token: '', encoded_root_token: '', pgp_fingerprint: '', otp: '', otp_length: 0 }
      if (!parts) return raw({ ...status, progress: gen.progress, complete: false })
      let rootKey: Uint8Array
      try {
        rootKey = required === 1 ? (parts[0] as Uint8Array) : await combineKey(parts)
      } catch (err) {
        throw invalidRequest(`failed to compute root key: ${err instanceof Error ? err.message : String(err)}`)
      }
      if (!core.seal.verifyRootKey(rootKey)) throw invalidRequest(`root generation aborted: unable to authenticate: ${WRONG_KEYS_MESSAGE}`)
      const token = createRootToken(core, newRootTokenId())
      const encoded = encodeRootToken(token.id, gen.otp)
      gen.cancel()
      return raw({ ...status, progress: required, complete: true, encoded_token: encoded, encoded_root_token: encoded })
    },
  },
})

export const decodeTokenPath = definePath({
  pattern: 'decode-token',
  fields: {
    encoded_token: field.string({ doc: 'The encoded token from generate-root.' }),
    otp: field.string({ doc: 'The OTP the attempt was started with.' }),
  },
  operations: {
    update: ({ data }) => {
      if (data.encoded_token === '' || data.otp === '') throw invalidRequest("provided 'encoded_token' or 'otp' is empty")
      try {
        return { data: { token: decodeRootToken(data.encoded_token, data.otp) } }
      } catch (err) {
        if (err instanceof TokenDecodeError) throw invalidRequest(err.message)
        throw err
      }
    },
  },
})

// API: https://developer.hashicorp.com/vault/api-docs/system/unseal
//      https://developer.hashicorp.com/vault/api-docs/system/seal
import { definePath } from '../../framework/path.js'
import { invalidRequest } from '../../core/errors.js'
import { decodeKeyText } from '../../core/seal/unseal-key.js'
import { sealStatusBody } from './path-health.js'
import { structBool, structString } from './go-struct-body.js'

export const unsealPath = definePath({
  pattern: 'unseal',
  takesAnyField: true,
  operations: {
    update: async ({ core, raw }) => {
      const key = structString(raw, 'key', 'UnsealRequest')
      if (structBool(raw, 'reset', 'UnsealRequest')) {
        if (!core.seal.sealed) throw invalidRequest('vault is unsealed')
        core.seal.resetUnseal()
        return statusReply(core)
      }
      if (key === '') throw invalidRequest("'key' must be specified in request body as JSON, or 'reset' set to true")
      // Seal migration (`migrate`) does not apply: the emulator has one seal.
      await core.seal.unseal(decodeKeyText(key))
      return statusReply(core)
    },
  },
})

/** Needs `update` + `sudo` on `sys/seal` (listed as a sudo path of the backend). */
export const sealPath = definePath({
  pattern: 'seal',
  operations: {
    update: async ({ core }) => {
      await core.seal.seal()
      return undefined
    },
  },
})

function statusReply(core: Parameters<typeof sealStatusBody>[0]) {
  return { raw: { status: 200, contentType: 'application/json', body: JSON.stringify(sealStatusBody(core)) } }
}

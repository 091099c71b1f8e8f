// API: https://developer.hashicorp.com/vault/api-docs/auth/token#list-accessors
import { definePath } from '../../../framework/path.js'

/** `LIST auth/token/accessors` (sudo, declared in the backend's sudo paths). */
export const accessorsListPath = definePath({
  pattern: 'accessors/',
  operations: {
    list: ({ core }) => ({ data: { keys: core.tokens.accessors() } }),
  },
  synopsis: 'List the accessors of all tokens.',
})

/**
 * `auth/token/tidy`: Vault cleans dangling index entries in the background
 * and answers 202 at once. The emulator's indexes never dangle, so there is
 * nothing to do but answer the same way.
 */
export const tidyPath = definePath({
  pattern: 'tidy',
  operations: {
    update: () => ({
      status: 202,
      warnings: ["Tidy operation successfully started. Any information from the operation will be printed to Vault's server logs."],
    }),
  },
  synopsis: 'Clean up dangling token store entries.',
})

// API: https://developer.hashicorp.com/vault/api-docs/auth/approle#tidy-tokens
import { definePath } from '../../../framework/path.js'
import { tidySecretIds } from './secret-id-store.js'

/**
 * Vault starts the tidy in the background and answers 202 at once; here it
 * is quick enough to finish before answering, with the same reply.
 */
export const tidyPath = definePath({
  pattern: 'tidy/secret-id',
  operations: {
    update: ({ storage, clock }) => {
      tidySecretIds(storage, clock.now())
      return {
        status: 202,
        warnings: ["Tidy operation successfully started. Any information from the operation will be printed to Vault's server logs."],
      }
    },
  },
  synopsis: 'Delete expired secret IDs.',
})

/**
 * PKI failures Vault reports as an error response (400, plain text) versus
 * those it returns as a bare Go error (500, multierror text).
 */
import { VaultError, internalError, invalidRequest } from '../../../core/errors.js'

export class PkiUserError extends Error {
  override name = 'PkiUserError'
}

export const pkiUserError = (message: string): PkiUserError => new PkiUserError(message)


/** A PKI user error → 400 with its text; a VaultError as it is; anything else → 500 multierror. */
export function toVaultError(err: unknown): VaultError {
  if (err instanceof VaultError) return err
  if (err instanceof PkiUserError) return invalidRequest(err.message)
  return internalError(err instanceof Error ? err.message : String(err))
}

/** Run a handler body, translating what it throws as Vault's PKI paths do. */
export async function pkiHandled<T>(work: () => Promise<T> | T): Promise<T> {
  try {
    return await work()
  } catch (err) {
    throw toVaultError(err)
  }
}

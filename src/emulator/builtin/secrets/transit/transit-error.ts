/**
 * The two kinds of failure keysutil distinguishes: a user error (bad input,
 * a version disallowed by policy) and an internal one. Paths decide how each
 * reaches the client, as Vault's transit paths do: most answer a user error
 * with a plain 400 and an internal one with a 500 in multierror form.
 */
import { internalError, invalidRequest } from '../../../core/errors.js'
import type { VaultError } from '../../../core/errors.js'

export type TransitErrorKind = 'user' | 'internal'

export class TransitError extends Error {
  override name = 'TransitError'
  constructor(
    readonly kind: TransitErrorKind,
    message: string,
  ) {
    super(message)
  }
}

export const userError = (message: string): TransitError => new TransitError('user', message)
export const transitInternal = (message: string): TransitError => new TransitError('internal', message)

/** `ciphertext or signature version is disallowed by policy (too old)`: below `min_decryption_version`. */
export const ERR_TOO_OLD = 'ciphertext or signature version is disallowed by policy (too old)'

/** Vault's usual mapping: user error → 400 with the plain text, anything else → 500 multierror. */
export function toVaultError(err: unknown): VaultError {
  if (err instanceof TransitError) return err.kind === 'user' ? invalidRequest(err.message) : internalError(err.message)
  if (err instanceof Error) return internalError(err.message)
  return internalError(String(err))
}

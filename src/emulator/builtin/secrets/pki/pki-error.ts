/**
 * PKI failures Vault reports as an error response (400, plain text) versus
 * those it returns as a bare Go error (500, multierror text).
 */
export class PkiUserError extends Error {
  override name = 'PkiUserError'
}

export const pkiUserError = (message: string): PkiUserError => new PkiUserError(message)

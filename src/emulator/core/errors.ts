/**
 * Vault's error model, in one place: engines throw {@link VaultError}s and
 * {@link toErrorReply} turns anything thrown into the status and
 * `{"errors": [...]}` body Vault sends.
 */

const STATUS = {
  'invalid-request': 400,
  'permission-denied': 403,
  'unsupported-path': 404,
  'unsupported-operation': 405,
  'payload-too-large': 413,
  'unsupported-media-type': 415,
  'rate-limited': 429,
  internal: 500,
  sealed: 503,
} as const

export type VaultErrorCode = keyof typeof STATUS

export interface VaultErrorOptions extends ErrorOptions {
  /** Wrap the message the way Go's multierror prints it ("1 error occurred:\n\t* msg\n\n"). */
  readonly multierror?: boolean
  /** Explicit status, for the few places Vault codes one that the table does not give. */
  readonly status?: number
  /** Extra data sent next to the errors (rare; Vault does it for a few endpoints). */
  readonly data?: Record<string, unknown>
}

export class VaultError extends Error {
  override name = 'VaultError'
  readonly multierror: boolean
  readonly explicitStatus: number | undefined
  readonly data: Record<string, unknown> | undefined

  constructor(
    readonly code: VaultErrorCode,
    message: string,
    options: VaultErrorOptions = {},
  ) {
    super(message, options)
    this.multierror = options.multierror ?? false
    this.explicitStatus = options.status
    this.data = options.data
  }

  get status(): number {
    return this.explicitStatus ?? STATUS[this.code]
  }

  /** The text clients see in `errors[0]` (empty messages become an empty list). */
  get wireMessages(): string[] {
    if (this.message === '') return []
    return [this.multierror ? multierrorText([this.message]) : this.message]
  }
}

/** Go's hashicorp/go-multierror formatting, which Vault uses for core errors. */
export function multierrorText(messages: readonly string[]): string {
  const head = messages.length === 1 ? '1 error occurred:' : `${messages.length} errors occurred:`
  return `${head}\n${messages.map((m) => `\t* ${m}`).join('\n')}\n\n`
}

export const invalidRequest = (message: string): VaultError => new VaultError('invalid-request', message)

/** A token that is missing, unknown, expired or revoked. */
export const badToken = (): VaultError => new VaultError('permission-denied', 'permission denied')

/** A valid token whose policies do not allow the operation (multierror text, as Vault sends it). */
export const permissionDenied = (): VaultError =>
  new VaultError('permission-denied', 'permission denied', { multierror: true })

export const unsupportedPath = (): VaultError =>
  new VaultError('unsupported-path', 'unsupported path', { multierror: true })

export const unsupportedOperation = (): VaultError =>
  new VaultError('unsupported-operation', 'unsupported operation', { multierror: true })

/** A bare 404 with `{"errors":[]}`: what Vault answers for a read of nothing. */
export const notFound = (): VaultError => new VaultError('unsupported-path', '')

export const sealedError = (): VaultError => new VaultError('sealed', 'Vault is sealed')

/** A backend failure that Vault reports as a 500 in multierror form. */
export const internalError = (message: string): VaultError =>
  new VaultError('internal', message, { multierror: true })

export interface ErrorReply {
  status: number
  body: { errors: string[]; data?: Record<string, unknown> }
}

/** Anything thrown → Vault's status and error body. Unknown errors never leak their text. */
export function toErrorReply(err: unknown): ErrorReply {
  if (err instanceof VaultError) {
    const body: ErrorReply['body'] = { errors: err.wireMessages }
    if (err.data) body.data = err.data
    return { status: err.status, body }
  }
  return { status: 500, body: { errors: [multierrorText(['internal error'])] } }
}

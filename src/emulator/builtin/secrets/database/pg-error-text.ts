/**
 * Driver errors worded the way Vault's postgres plugin (pgx) words them, so
 * that what a developer greps for matches production:
 * - server errors: `ERROR: permission denied for table users (SQLSTATE 42501)`
 * - connection failures: ``failed to connect to `user=u database=d`: host:port (host): <cause>``
 */
import type { ConnectionTarget } from './connection-url.js'

/** The fields of a PostgreSQL error response node-pg exposes. */
export interface PgServerError {
  severity?: string | undefined
  code?: string | undefined
  message: string
  detail?: string | undefined
}

export function isPgServerError(err: unknown): err is Error & PgServerError {
  if (!(err instanceof Error)) return false
  const e = err as Error & { severity?: unknown; code?: unknown }
  return typeof e.severity === 'string' && typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code)
}

/** `SEVERITY: message (SQLSTATE code)`, pgx's `PgError.Error()`. */
export function pgErrorText(err: unknown): string {
  if (isPgServerError(err)) return `${err.severity ?? 'ERROR'}: ${err.message} (SQLSTATE ${err.code ?? ''})`
  return err instanceof Error ? err.message : String(err)
}

function socketCause(err: Error & { code?: unknown; syscall?: unknown }, target: ConnectionTarget): string {
  const addr = `${target.host}:${target.port}`
  switch (err.code) {
    case 'ECONNREFUSED':
      return `dial error: dial tcp ${addr}: connect: connection refused`
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `hostname resolving error: lookup ${target.host}: no such host`
    case 'ETIMEDOUT':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return `dial error: dial tcp ${addr}: connect: ${err.code === 'ETIMEDOUT' ? 'connection timed out' : 'no route to host'}`
    case 'ECONNRESET':
      return 'failed to receive message: unexpected EOF'
    default:
      if (/timeout/i.test(err.message)) return 'timeout: context deadline exceeded'
      return err.message
  }
}

/** A failure to open a session, as pgx's `ConnectError` prints it. */
export function connectErrorText(err: unknown, target: ConnectionTarget): string {
  const head = `failed to connect to \`user=${target.user} database=${target.database}\`: ${target.host}:${target.port} (${target.host})`
  if (isPgServerError(err)) return `${head}: server error: ${pgErrorText(err)}`
  if (err instanceof Error) return `${head}: ${socketCause(err, target)}`
  return `${head}: ${String(err)}`
}

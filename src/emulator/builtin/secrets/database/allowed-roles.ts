/** A connection's `allowed_roles`: `*`, or globs where only `*` is special; empty allows nothing. */
import { internalError } from '../../../core/errors.js'
import { globMatch } from './template-funcs.js'
import type { DatabaseConfig } from './config-store.js'

export function isAllowedRole(allowed: readonly string[], role: string): boolean {
  return allowed.includes('*') || allowed.some((pattern) => globMatch(pattern, role))
}

/** Vault answers a role outside `allowed_roles` with a 500 (multierror), not a 403. */
export function checkAllowedRole(config: DatabaseConfig, role: string): void {
  if (!isAllowedRole(config.allowed_roles, role)) throw internalError(`${JSON.stringify(role)} is not an allowed role`)
}

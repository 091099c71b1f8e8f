/** Helpers for the database role rules. */
import type { LoadedRole } from '../read-config.js'
import { listField } from './types.js'

export function isDatabaseRole(role: LoadedRole, mountTypeOf: (mount: string) => string | undefined): boolean {
  return role.entry.kind === 'role' && mountTypeOf(role.entry.mount) === 'database'
}

export function statements(role: LoadedRole, field: string): string {
  const value = role.entry[field]
  return Array.isArray(value) ? value.map(String).join('\n') : typeof value === 'string' ? value : listField(value).join('\n')
}

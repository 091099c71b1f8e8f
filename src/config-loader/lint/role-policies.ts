/** The policy names a role hands out, with the field each came from. */
import type { LoadedRole } from '../read-config.js'
import { listField } from './types.js'

export const POLICY_FIELDS = ['token_policies', 'policies', 'allowed_policies'] as const

export const BUILTIN_POLICIES: ReadonlySet<string> = new Set(['default', 'root', 'response-wrapping'])

export function rolePolicies(role: LoadedRole): { name: string; path: (string | number)[] }[] {
  return POLICY_FIELDS.flatMap((field) => {
    const value = role.entry[field]
    return listField(value).map((name, i) => ({ name, path: Array.isArray(value) ? [field, i] : [field] }))
  })
}

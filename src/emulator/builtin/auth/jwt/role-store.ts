/** JWT/OIDC roles as stored (`role/<name>`, name lower-cased). */
import type { Storage } from '../../../core/storage.js'
import type { TokenParams } from '../../../framework/token-fields.js'
import type { LegacyTokenValues } from '../legacy-token-fields.js'

export interface JwtRole {
  role_type: 'jwt' | 'oidc'
  /** Seconds; 0 = cap's default, negative = none. */
  expiration_leeway: number
  not_before_leeway: number
  clock_skew_leeway: number
  /** `null` while never set (reads show `null`, as Go's nil slices and maps). */
  bound_audiences: string[] | null
  bound_subject: string
  bound_claims_type: 'string' | 'glob'
  bound_claims: Record<string, unknown> | null
  claim_mappings: Record<string, string> | null
  user_claim: string
  user_claim_json_pointer: boolean
  groups_claim: string
  oidc_scopes: string[] | null
  allowed_redirect_uris: string[] | null
  verbose_oidc_logging: boolean
  max_age: number
  token: TokenParams
  legacy: LegacyTokenValues
}

export const ROLE_PREFIX = 'role/'

export function readRole(storage: Storage, name: string): JwtRole | undefined {
  return storage.get<JwtRole>(ROLE_PREFIX + name.toLowerCase())
}

export function writeRole(storage: Storage, name: string, role: JwtRole): void {
  storage.put(ROLE_PREFIX + name.toLowerCase(), role)
}

export function deleteRole(storage: Storage, name: string): void {
  storage.delete(ROLE_PREFIX + name.toLowerCase())
}

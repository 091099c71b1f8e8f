/**
 * Who a validated token logs in as (vault-plugin-auth-jwt `createIdentity`):
 * the alias name from `user_claim`, metadata from `claim_mappings` plus the
 * role, and group names from `groups_claim`. Errors carry Vault's text.
 */
import { extractMetadata, getClaim, normalizeList } from './claims.js'
import type { JwtRole } from './role-store.js'

export interface LoginIdentity {
  aliasName: string
  metadata: Record<string, string>
  groups: string[]
}

export function createIdentity(claims: Record<string, unknown>, roleName: string, role: JwtRole): LoginIdentity {
  const userRaw = role.user_claim_json_pointer ? getClaim(claims, role.user_claim) : claims[role.user_claim]
  if (userRaw === undefined || userRaw === null) throw new Error(`claim ${JSON.stringify(role.user_claim)} not found in token`)
  if (typeof userRaw !== 'string') throw new Error(`claim ${JSON.stringify(role.user_claim)} could not be converted to string`)
  const metadata = { ...extractMetadata(claims, role.claim_mappings ?? {}), role: roleName }

  const groups: string[] = []
  if (role.groups_claim !== '') {
    const raw = getClaim(claims, role.groups_claim)
    if (raw === undefined) throw new Error(`failed to fetch groups: ${JSON.stringify(role.groups_claim)} claim not found in token`)
    const list = normalizeList(raw)
    if (!list) throw new Error(`${JSON.stringify(role.groups_claim)} claim could not be converted to string list`)
    for (const group of list) {
      if (typeof group !== 'string') throw new Error(`value ${String(group)} in groups claim could not be parsed as string`)
      if (group !== '') groups.push(group)
    }
  }
  return { aliasName: userRaw, metadata, groups }
}

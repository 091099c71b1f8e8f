/**
 * AppRole roles as stored under the mount: `role/<name>` plus a `role-id/`
 * index from role_id to name (role_ids are digested for the key, they may
 * hold any character). Deleting a role deletes its secret IDs.
 */
import { createHash } from 'node:crypto'
import { internalError } from '../../../core/errors.js'
import type { Storage } from '../../../core/storage.js'
import { DEFAULT_TOKEN_PARAMS } from '../../../framework/token-fields.js'
import type { TokenParams } from '../../../framework/token-fields.js'
import { flushRoleSecretIds } from './secret-id-store.js'

export interface RoleEntry {
  name: string
  role_id: string
  bind_secret_id: boolean
  /** `null` until written (Vault reads back a nil slice as null). */
  secret_id_bound_cidrs: string[] | null
  secret_id_num_uses: number
  /** Seconds; 0 = secret IDs never expire. */
  secret_id_ttl: number
  local_secret_ids: boolean
  token: TokenParams
  /** Values written under the deprecated `policies` / `period`, which reads show back. */
  legacy: { policies: string[]; period: number }
}

const ROLES = 'role/'
const ROLE_IDS = 'role-id/'

export function newRole(name: string): RoleEntry {
  return {
    name,
    role_id: '',
    bind_secret_id: true,
    secret_id_bound_cidrs: null,
    secret_id_num_uses: 0,
    secret_id_ttl: 0,
    local_secret_ids: false,
    token: { ...DEFAULT_TOKEN_PARAMS },
    legacy: { policies: [], period: 0 },
  }
}

function roleIdKey(roleId: string): string {
  return ROLE_IDS + createHash('sha256').update(roleId).digest('hex')
}

export function readRole(storage: Storage, name: string): RoleEntry | undefined {
  if (name === '') return undefined
  return storage.get<RoleEntry>(ROLES + name.toLowerCase())
}

export function listRoles(storage: Storage): string[] {
  return storage.list(ROLES).filter((k) => !k.endsWith('/'))
}

export function roleByRoleId(storage: Storage, roleId: string): RoleEntry | undefined {
  const index = storage.get<{ name: string }>(roleIdKey(roleId))
  return index ? readRole(storage, index.name) : undefined
}

/** At least one of bind_secret_id, secret_id_bound_cidrs or token_bound_cidrs must hold. */
export function hasConstraint(role: RoleEntry): boolean {
  return role.bind_secret_id || (role.secret_id_bound_cidrs?.length ?? 0) > 0 || role.token.token_bound_cidrs.length > 0
}

/** Vault's setRoleEntry: constraint and role_id checks, then the entry and its index. Errors are 500s. */
export function saveRole(storage: Storage, role: RoleEntry, previousRoleId: string): void {
  if (!hasConstraint(role)) throw internalError('at least one constraint should be enabled on the role')
  const owner = storage.get<{ name: string }>(roleIdKey(role.role_id))
  if (owner && owner.name !== role.name) throw internalError('role_id already in use')
  if (previousRoleId !== '' && previousRoleId !== role.role_id) storage.delete(roleIdKey(previousRoleId))
  storage.put(ROLES + role.name, role)
  storage.put(roleIdKey(role.role_id), { name: role.name })
}

export function deleteRole(storage: Storage, role: RoleEntry): void {
  flushRoleSecretIds(storage, role.name)
  storage.delete(roleIdKey(role.role_id))
  storage.delete(ROLES + role.name)
}

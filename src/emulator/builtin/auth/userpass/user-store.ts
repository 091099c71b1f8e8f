/** Userpass users as stored under the mount's `user/` (never the password, only its hash). */
import type { Storage } from '../../../core/storage.js'
import type { TokenParams } from '../../../framework/token-fields.js'

/** Values written under the deprecated names, shown back under those names (Vault's upgrade rules). */
export interface LegacyUserFields {
  policies: string[]
  ttl: number
  max_ttl: number
  bound_cidrs: string[]
}

export interface UserEntry {
  password_hash: string
  token: TokenParams
  legacy: LegacyUserFields
}

export const NO_LEGACY: LegacyUserFields = { policies: [], ttl: 0, max_ttl: 0, bound_cidrs: [] }

const USERS = 'user/'

export function readUser(storage: Storage, username: string): UserEntry | undefined {
  if (username === '') return undefined
  return storage.get<UserEntry>(USERS + username)
}

export function writeUser(storage: Storage, username: string, user: UserEntry): void {
  storage.put(USERS + username, user)
}

export function deleteUser(storage: Storage, username: string): void {
  storage.delete(USERS + username)
}

export function listUsers(storage: Storage): string[] {
  return storage.list(USERS).filter((k) => !k.endsWith('/'))
}

/** Stored dynamic roles (`role/<name>`) and static roles (`static-role/<name>`). */
import type { Storage } from '../../../core/storage.js'

export type CredentialType = 'password' | 'rsa_private_key' | 'client_certificate'

export interface DynamicRole {
  db_name: string
  creation_statements: string[]
  revocation_statements: string[]
  rollback_statements: string[]
  renew_statements: string[]
  /** Seconds; 0 = the mount's default. */
  default_ttl: number
  /** Seconds; 0 = the mount's max. */
  max_ttl: number
  credential_type: CredentialType
  credential_config: Record<string, string>
}

export interface StaticRole {
  db_name: string
  username: string
  /** The current password, known only to the emulator. */
  password: string
  /** Seconds between rotations. */
  rotation_period: number
  rotation_statements: string[]
  credential_type: CredentialType
  credential_config: Record<string, string>
  /** Epoch ms of the last successful rotation (0 = never). */
  last_vault_rotation_ms: number
}

const ROLE = 'role/'
const STATIC = 'static-role/'

export const roles = {
  get: (storage: Storage, name: string): DynamicRole | undefined => storage.get<DynamicRole>(ROLE + name),
  put: (storage: Storage, name: string, role: DynamicRole): void => storage.put(ROLE + name, role),
  delete: (storage: Storage, name: string): void => storage.delete(ROLE + name),
  list: (storage: Storage): string[] => storage.list(ROLE),
}

export const staticRoles = {
  get: (storage: Storage, name: string): StaticRole | undefined => storage.get<StaticRole>(STATIC + name),
  put: (storage: Storage, name: string, role: StaticRole): void => storage.put(STATIC + name, role),
  delete: (storage: Storage, name: string): void => storage.delete(STATIC + name),
  list: (storage: Storage): string[] => storage.list(STATIC),
}

const CREDENTIAL_TYPES = new Set<string>(['password', 'rsa_private_key', 'client_certificate'])

export function isCredentialType(value: string): value is CredentialType {
  return CREDENTIAL_TYPES.has(value)
}

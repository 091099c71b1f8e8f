/** Kubernetes auth roles as stored (`role/<name>`, name lower-cased). */
import type { Storage } from '../../../core/storage.js'
import type { TokenParams } from '../../../framework/token-fields.js'
import type { LegacyTokenValues } from '../legacy-token-fields.js'

export const ALIAS_SOURCE_UID = 'serviceaccount_uid'
export const ALIAS_SOURCE_NAME = 'serviceaccount_name'

export interface KubernetesRole {
  bound_service_account_names: string[]
  /** `null` when never set (the role relies on a namespace selector). */
  bound_service_account_namespaces: string[] | null
  bound_service_account_namespace_selector: string
  audience: string
  alias_name_source: string
  token: TokenParams
  legacy: LegacyTokenValues
}

export const ROLE_PREFIX = 'role/'

export function readRole(storage: Storage, name: string): KubernetesRole | undefined {
  return storage.get<KubernetesRole>(ROLE_PREFIX + name.toLowerCase())
}

export function writeRole(storage: Storage, name: string, role: KubernetesRole): void {
  storage.put(ROLE_PREFIX + name.toLowerCase(), role)
}

export function deleteRole(storage: Storage, name: string): void {
  storage.delete(ROLE_PREFIX + name.toLowerCase())
}

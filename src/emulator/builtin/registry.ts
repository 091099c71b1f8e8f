/** Every built-in backend, by mount type: one explicit map. */
import type { BackendFactory } from '../framework/backend.js'
import { VAULT_VERSION } from '../core/version.js'
import { kvBackend } from './secrets/kv/backend.js'
import { cubbyholeBackend } from './secrets/cubbyhole/backend.js'
import { systemBackend } from './sys/backend.js'
import { tokenBackend } from './auth/token/backend.js'
import { identityBackend } from './identity/backend.js'
import { databaseBackend } from './secrets/database/backend.js'
import { userpassBackend } from './auth/userpass/backend.js'
import { approleBackend } from './auth/approle/backend.js'
import { kubernetesBackend } from './auth/kubernetes/backend.js'
import { jwtBackend } from './auth/jwt/backend.js'
import { transitBackend } from './secrets/transit/backend.js'
import { pkiBackend } from './secrets/pki/backend.js'

export const builtinBackends: Record<string, BackendFactory> = {
  kv: kvBackend,
  cubbyhole: cubbyholeBackend,
  system: systemBackend,
  token: tokenBackend,
  identity: identityBackend,
  database: databaseBackend,
  userpass: userpassBackend,
  approle: approleBackend,
  kubernetes: kubernetesBackend,
  jwt: jwtBackend,
  oidc: jwtBackend,
  transit: transitBackend,
  pki: pkiBackend,
}

/** Types users may mount with `sys/mounts` (singletons excluded). */
export const MOUNTABLE_SECRET_TYPES = new Set(['kv', 'database', 'transit', 'pki'])
/** Types users may enable with `sys/auth`. */
export const MOUNTABLE_AUTH_TYPES = new Set<string>(['userpass', 'approle', 'kubernetes', 'jwt', 'oidc'])
/** Types that exist once and cannot be mounted again. */
export const SINGLETON_TYPES = new Set(['cubbyhole', 'system', 'token', 'identity'])

const PLUGIN_VERSIONS: Record<string, string> = { kv: 'v0.20.0+builtin', kubernetes: 'v0.19.0+builtin', jwt: 'v0.21.0+builtin', oidc: 'v0.21.0+builtin' }

/** `running_plugin_version` as Vault reports it. */
export function builtinVersion(type: string): string {
  return PLUGIN_VERSIONS[type] ?? `v${VAULT_VERSION}+builtin.vault`
}

/**
 * Every built-in backend, by mount type: one explicit map. The always-present
 * and light backends are imported up front; the ones that pull in heavy
 * libraries (pg, jose, @peculiar/x509) load on first mount, so that
 * `vault-emu up` answers its first request quickly.
 */
import type { BackendFactory } from '../framework/backend.js'
import { VAULT_VERSION } from '../core/version.js'
import { kvBackend } from './secrets/kv/backend.js'
import { cubbyholeBackend } from './secrets/cubbyhole/backend.js'
import { systemBackend } from './sys/backend.js'
import { tokenBackend } from './auth/token/backend.js'
import { identityBackend } from './identity/backend.js'
import { userpassBackend } from './auth/userpass/backend.js'
import { approleBackend } from './auth/approle/backend.js'

/** Backends ready to instantiate (the lazy ones join once {@link loadBackends} loaded them). */
export const builtinBackends: Record<string, BackendFactory> = {
  kv: kvBackend,
  cubbyhole: cubbyholeBackend,
  system: systemBackend,
  token: tokenBackend,
  identity: identityBackend,
  userpass: userpassBackend,
  approle: approleBackend,
}

const LAZY_BACKENDS: Record<string, () => Promise<BackendFactory>> = {
  database: async () => (await import('./secrets/database/backend.js')).databaseBackend,
  transit: async () => (await import('./secrets/transit/backend.js')).transitBackend,
  pki: async () => (await import('./secrets/pki/backend.js')).pkiBackend,
  kubernetes: async () => (await import('./auth/kubernetes/backend.js')).kubernetesBackend,
  jwt: async () => (await import('./auth/jwt/backend.js')).jwtBackend,
  oidc: async () => (await import('./auth/jwt/backend.js')).jwtBackend,
}

/** Whether `type` names a built-in backend, loaded or not. */
export function isBuiltinType(type: string): boolean {
  return type in builtinBackends || type in LAZY_BACKENDS
}

/** Load the backends of these types (call before mounting them). Unknown types are left to the caller. */
export async function loadBackends(types: Iterable<string>): Promise<void> {
  for (const type of types) {
    const load = LAZY_BACKENDS[type]
    if (!builtinBackends[type] && load) builtinBackends[type] = await load()
  }
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

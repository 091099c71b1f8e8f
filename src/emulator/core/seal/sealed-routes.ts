/**
 * What still answers while sealed (or uninitialized): Vault serves these from
 * its HTTP layer, before the barrier; every other path gets 503 `Vault is
 * sealed`. The emulator routes them to a system backend that is not in the
 * (discarded) mount table.
 */
import type { Core } from '../core.js'
import type { Mounted } from '../mounts.js'
import { sealedError } from '../errors.js'
import { builtinBackends } from '../../builtin/registry.js'

const OPEN_WHILE_SEALED = new Set([
  'sys/health',
  'sys/seal-status',
  'sys/init',
  'sys/unseal',
  'sys/leader',
  'sys/generate-root/attempt',
  'sys/generate-root/update',
])

/** The system backend for a sealed core, or 503 for a path that needs the barrier open. */
export function sealedRoute(core: Core, path: string, cached: { mount?: Mounted }): Mounted {
  if (!OPEN_WHILE_SEALED.has(path)) throw sealedError()
  if (!cached.mount) {
    const factory = builtinBackends['system']
    if (!factory) throw new Error('[vault-emu] no system backend in the registry')
    const entry = {
      path: 'sys/', class: 'secret' as const, type: 'system', description: '', accessor: 'system_sealed', uuid: 'sealed-system',
      local: false, seal_wrap: true, external_entropy_access: false, options: null,
      config: { default_lease_ttl: 0, max_lease_ttl: 0, force_no_cache: false }, plugin_version: '', running_plugin_version: '',
    }
    cached.mount = { entry, backend: factory({ core, mount: entry, storage: core.storage.sub('sealed-system/') }) }
  }
  return cached.mount
}

/**
 * The `kv` secrets engine: version 1 (pass-through storage) or version 2
 * (versioned, with metadata), chosen by the mount's `options.version`.
 */
import { defineBackend } from '../../../framework/backend.js'
import type { BackendFactory } from '../../../framework/backend.js'
import { kvV1Path } from './path-v1.js'
import { configPath } from './path-config.js'
import { dataPath } from './path-data.js'
import { deletePath, destroyPath, undeletePath } from './path-delete.js'
import { metadataPath } from './path-metadata.js'
import { subkeysPath } from './path-subkeys.js'
import { apiRootPaths, invalidPath } from './path-invalid.js'
import { upgradeFromV1 } from './upgrade-v1.js'

const kvV1Backend = defineBackend({ kind: 'secret', paths: [kvV1Path] })

const kvV2Backend = defineBackend({
  kind: 'secret',
  // Order matters: the first matching pattern serves the request.
  paths: [configPath, ...apiRootPaths, dataPath, metadataPath, deletePath, undeletePath, destroyPath, subkeysPath, invalidPath],
})

export const kvBackend: BackendFactory = (setup) => {
  if (setup.mount.options?.['version'] !== '2') return kvV1Backend(setup)
  upgradeFromV1(setup.storage, setup.core.clock.now()) // a v1 mount tuned to v2 keeps its secrets
  return kvV2Backend(setup)
}

/**
 * The `database` secrets engine (`vault secrets enable database`), with the
 * `postgresql-database-plugin`: connections, dynamic roles whose credentials
 * are real PostgreSQL users behind leases, static roles rotated on the core
 * clock, and root rotation.
 */
import { defineBackend } from '../../../framework/backend.js'
import type { BackendFactory } from '../../../framework/backend.js'
import { DatabaseEngine } from './engine.js'
import { configPaths } from './path-config.js'
import { rolePaths } from './path-roles.js'
import { credsPaths } from './path-creds.js'
import { staticRolePaths } from './path-static-roles.js'
import { staticCredsPaths } from './path-static-creds.js'
import { rotatePaths } from './path-rotate.js'
import { CREDS_SECRET, credsSecret } from './secret-creds.js'

export const databaseBackend: BackendFactory = defineBackend({
  kind: 'secret',
  create: (setup) => {
    const engine = new DatabaseEngine(setup)
    engine.rotation.armAll()
    return {
      paths: [
        ...configPaths(engine),
        ...rolePaths(),
        ...credsPaths(engine),
        ...staticRolePaths(engine),
        ...staticCredsPaths(),
        ...rotatePaths(engine),
      ],
      secrets: { [CREDS_SECRET]: credsSecret(engine) },
      cleanup: () => engine.cleanup(),
    }
  },
})

// API: https://developer.hashicorp.com/vault/api-docs/secret/databases#generate-credentials
import { definePath } from '../../../framework/path.js'
import type { PathDefinition } from '../../../framework/path.js'
import { field } from '../../../framework/fields.js'
import { calculateTtl } from '../../../framework/ttl.js'
import { internalError, invalidRequest } from '../../../core/errors.js'
import { requireConfig } from './config-store.js'
import { checkAllowedRole } from './allowed-roles.js'
import { roles } from './role-store.js'
import { PluginError } from './postgres-database.js'
import { newPassword } from './credential-password.js'
import { CREDS_SECRET, EXPIRATION_BUFFER_MS } from './secret-creds.js'
import type { CredsInternal } from './secret-creds.js'
import type { DatabaseEngine } from './engine.js'

export function credsPaths(engine: DatabaseEngine): PathDefinition[] {
  return [
    definePath({
      pattern: 'creds/:name',
      fields: { name: field.string({ doc: 'Role to create credentials for.' }) },
      operations: {
        read: async ({ storage, data, clock, core, mount, token, warn }) => {
          const role = roles.get(storage, data.name)
          if (!role) throw invalidRequest(`unknown role: ${data.name}`)
          const config = requireConfig(storage, role.db_name)
          checkAllowedRole(config, data.name)
          if (role.credential_type !== 'password') throw invalidRequest(`unsupported credential_type: ${JSON.stringify(role.credential_type)}`)
          const { ttl, warnings } = calculateTtl({
            backendTtl: role.default_ttl,
            backendMaxTtl: role.max_ttl,
            mount: core.mountTtls(mount),
            nowMs: clock.now(),
          })
          warnings.forEach(warn)
          const db = await engine.connections.get(role.db_name)
          const password = newPassword(role.credential_config['password_policy'] || config.password_policy)
          let username: string
          try {
            username = await db.newUser({
              metadata: { DisplayName: token?.display_name ?? '', RoleName: data.name },
              statements: role.creation_statements,
              password,
              expirationMs: clock.now() + ttl * 1000 + EXPIRATION_BUFFER_MS,
              nowMs: clock.now(),
            })
          } catch (err) {
            throw internalError(err instanceof PluginError ? err.message : String(err))
          }
          const internal: CredsInternal = { username, role: data.name, db_name: role.db_name, revocation_statements: role.revocation_statements }
          return {
            data: { password, username },
            secret: { type: CREDS_SECRET, internal: { ...internal }, ttl, maxTtl: role.max_ttl, renewable: true },
          }
        },
      },
      synopsis: 'Create a database user with a lease.',
    }),
  ]
}

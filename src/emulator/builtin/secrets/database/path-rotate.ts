// API: https://developer.hashicorp.com/vault/api-docs/secret/databases#rotate-root-credentials
//      https://developer.hashicorp.com/vault/api-docs/secret/databases#rotate-static-role-credentials
import { definePath } from '../../../framework/path.js'
import type { PathDefinition } from '../../../framework/path.js'
import { field } from '../../../framework/fields.js'
import { VaultError, internalError, invalidRequest } from '../../../core/errors.js'
import { requireConfig, writeConfig } from './config-store.js'
import { staticRoles } from './role-store.js'
import { setStaticAccount } from './static-account.js'
import { newPassword } from './credential-password.js'
import { scrubSecrets } from './scrub.js'
import type { DatabaseEngine } from './engine.js'

const RETRY_MS = 10_000

export function rotatePaths(engine: DatabaseEngine): PathDefinition[] {
  return [
    definePath({
      pattern: 'rotate-root/:name',
      fields: { name: field.string({ doc: 'Connection whose admin password is rotated.' }) },
      operations: {
        update: async ({ storage, data }) => {
          const config = requireConfig(storage, data.name)
          const username = config.connection_details['username']
          if (typeof username !== 'string' || username === '') throw internalError('unable to rotate root credentials: no username in configuration')
          const oldPassword = config.connection_details['password']
          if (typeof oldPassword !== 'string' || oldPassword === '') throw internalError('unable to rotate root credentials: no password in configuration')
          const db = await engine.connections.get(data.name)
          try {
            const password = newPassword(config.password_policy)
            try {
              await db.changePassword(username, config.root_credentials_rotate_statements, password)
            } catch (err) {
              throw internalError(`failed to update user: ${scrubSecrets(err instanceof Error ? err.message : String(err), [password, oldPassword])}`)
            }
            // From here on only the emulator knows the admin password.
            writeConfig(storage, data.name, { ...config, connection_details: { ...config.connection_details, password } })
          } finally {
            // The pool logged in with the old password; the next use opens a new one.
            await engine.connections.clear(data.name)
          }
          return undefined
        },
      },
      synopsis: "Rotate the connection's admin password to one only the emulator knows.",
    }),
    definePath({
      pattern: 'rotate-role/:name',
      fields: { name: field.string({ doc: 'Static role to rotate now.' }) },
      operations: {
        update: async ({ storage, data, clock }) => {
          const role = staticRoles.get(storage, data.name)
          if (!role) throw invalidRequest('no static role found for role name')
          try {
            const rotated = await setStaticAccount(engine, data.name, role)
            engine.rotation.arm(data.name, rotated.last_vault_rotation_ms + rotated.rotation_period * 1000)
          } catch (err) {
            engine.rotation.arm(data.name, clock.now() + RETRY_MS)
            const message = err instanceof VaultError ? err.message : String(err)
            throw internalError(`unable to finish rotating credentials; retries will continue in the background but it is also safe to retry manually: ${message}`)
          }
          return undefined
        },
      },
      synopsis: "Rotate a static role's password now.",
    }),
  ]
}

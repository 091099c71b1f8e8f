// API: https://developer.hashicorp.com/vault/api-docs/secret/databases#get-static-credentials
import { definePath } from '../../../framework/path.js'
import type { PathDefinition } from '../../../framework/path.js'
import { field } from '../../../framework/fields.js'
import { invalidRequest } from '../../../core/errors.js'
import { requireConfig } from './config-store.js'
import { checkAllowedRole } from './allowed-roles.js'
import { staticRoles } from './role-store.js'
import { formatRfc3339Nano } from './go-time-format.js'

export function staticCredsPaths(): PathDefinition[] {
  return [
    definePath({
      pattern: 'static-creds/:name',
      fields: { name: field.string({ doc: 'Static role to read.' }) },
      operations: {
        read: ({ storage, data, clock }) => {
          const role = staticRoles.get(storage, data.name)
          if (!role) throw invalidRequest(`unknown role: ${data.name}`)
          checkAllowedRole(requireConfig(storage, role.db_name), data.name)
          const nextRotationMs = role.last_vault_rotation_ms + role.rotation_period * 1000
          // No lease: the password lives until the next rotation, which `ttl` counts down to.
          return {
            data: {
              last_vault_rotation: formatRfc3339Nano(role.last_vault_rotation_ms),
              password: role.password,
              rotation_period: role.rotation_period,
              ttl: Math.max(0, Math.round((nextRotationMs - clock.now()) / 1000)),
              username: role.username,
            },
          }
        },
      },
      synopsis: "Read a static role's current password.",
    }),
  ]
}

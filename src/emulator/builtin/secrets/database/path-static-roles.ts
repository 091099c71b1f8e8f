// API: https://developer.hashicorp.com/vault/api-docs/secret/databases#create-static-role
//      https://developer.hashicorp.com/vault/api-docs/secret/databases#read-static-role
//      https://developer.hashicorp.com/vault/api-docs/secret/databases#list-static-roles
//      https://developer.hashicorp.com/vault/api-docs/secret/databases#delete-static-role
import { definePath } from '../../../framework/path.js'
import type { PathDefinition } from '../../../framework/path.js'
import { field } from '../../../framework/fields.js'
import { invalidRequest } from '../../../core/errors.js'
import { isCredentialType, roles, staticRoles } from './role-store.js'
import type { StaticRole } from './role-store.js'
import { credentialConfigOf } from './credential-config.js'
import { setStaticAccount } from './static-account.js'
import { formatRfc3339Nano } from './go-time-format.js'
import type { DatabaseEngine } from './engine.js'

/** Vault's rotation queue ticks every 5 s, so shorter periods are refused. */
const MIN_ROTATION_PERIOD = 5

const staticRoleFields = {
  name: field.string({ doc: 'Name of the static role.' }),
  db_name: field.string({ doc: 'Connection (config) the role uses.' }),
  username: field.string({ doc: 'Existing database user whose password is rotated.' }),
  rotation_period: field.durationSeconds({ doc: 'Time between rotations (at least 5s).' }),
  rotation_statements: field.stringList({ doc: 'Statements setting the password (empty: ALTER ROLE ... WITH PASSWORD).' }),
  credential_type: field.string({ doc: 'password.' }),
  credential_config: field.map({ doc: 'Credential settings, e.g. {"password_policy": "..."}.' }),
}

function readData(role: StaticRole): Record<string, unknown> {
  const data: Record<string, unknown> = {
    credential_type: role.credential_type,
    db_name: role.db_name,
  }
  if (Object.keys(role.credential_config).length > 0) data['credential_config'] = role.credential_config
  if (role.last_vault_rotation_ms > 0) data['last_vault_rotation'] = formatRfc3339Nano(role.last_vault_rotation_ms)
  data['rotation_period'] = role.rotation_period
  data['rotation_statements'] = role.rotation_statements
  data['username'] = role.username
  return data
}

export function staticRolePaths(engine: DatabaseEngine): PathDefinition[] {
  return [
    definePath({
      pattern: 'static-roles/',
      operations: { list: ({ storage }) => ({ data: { keys: staticRoles.list(storage) } }) },
      synopsis: 'List the static roles.',
    }),
    definePath({
      pattern: 'static-roles/:name',
      fields: staticRoleFields,
      existenceCheck: ({ storage, raw }) => typeof raw['name'] === 'string' && staticRoles.get(storage, raw['name']) !== undefined,
      operations: {
        read: ({ storage, data }) => {
          const role = staticRoles.get(storage, data.name)
          return role ? { data: readData(role) } : undefined
        },
        update: async ({ storage, data, has, operation }) => {
          if (roles.get(storage, data.name)) throw invalidRequest('Role and Static Role names must be unique')
          const existing = staticRoles.get(storage, data.name)
          const create = operation === 'create' || !existing
          const role: StaticRole = existing ?? {
            db_name: '',
            username: '',
            password: '',
            rotation_period: 0,
            rotation_statements: [],
            credential_type: 'password',
            credential_config: {},
            last_vault_rotation_ms: 0,
          }
          if (has('db_name') || create) role.db_name = data.db_name
          if (role.db_name === '') throw invalidRequest('database name is a required field')
          if (data.username === '' && create) throw invalidRequest('username is a required field to create a static account')
          if (role.username !== '' && role.username !== data.username) throw invalidRequest('cannot update static account username')
          role.username = data.username
          if (!has('rotation_period') && create) throw invalidRequest('rotation_period is required to create static accounts')
          if (has('rotation_period')) {
            if (data.rotation_period < MIN_ROTATION_PERIOD) throw invalidRequest(`rotation_period must be ${MIN_ROTATION_PERIOD} seconds or more`)
            role.rotation_period = data.rotation_period
          }
          if (has('rotation_statements') || operation === 'create') role.rotation_statements = data.rotation_statements
          if (has('credential_type')) {
            if (!isCredentialType(data.credential_type)) throw invalidRequest(`invalid credential_type ${JSON.stringify(data.credential_type)}`)
            role.credential_type = data.credential_type
          }
          if (has('credential_config') || operation === 'create') role.credential_config = credentialConfigOf(data.credential_config)
          if (operation === 'create') {
            // Creating a static role takes the account over: its password is rotated right away.
            const rotated = await setStaticAccount(engine, data.name, role)
            engine.rotation.arm(data.name, rotated.last_vault_rotation_ms + rotated.rotation_period * 1000)
            return undefined
          }
          staticRoles.put(storage, data.name, role)
          engine.rotation.arm(data.name, role.last_vault_rotation_ms + role.rotation_period * 1000)
          return undefined
        },
        delete: ({ storage, data }) => {
          engine.rotation.cancel(data.name)
          staticRoles.delete(storage, data.name)
          return undefined
        },
      },
      synopsis: 'Manage static roles: existing users whose password the emulator rotates.',
    }),
  ]
}

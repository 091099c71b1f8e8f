// API: https://developer.hashicorp.com/vault/api-docs/secret/databases#create-role
//      https://developer.hashicorp.com/vault/api-docs/secret/databases#read-role
//      https://developer.hashicorp.com/vault/api-docs/secret/databases#list-roles
//      https://developer.hashicorp.com/vault/api-docs/secret/databases#delete-role
import { definePath } from '../../../framework/path.js'
import type { PathDefinition } from '../../../framework/path.js'
import { field } from '../../../framework/fields.js'
import { invalidRequest } from '../../../core/errors.js'
import { isCredentialType, roles, staticRoles } from './role-store.js'
import type { DynamicRole } from './role-store.js'
import { credentialConfigOf } from './credential-config.js'

const roleFields = {
  name: field.string({ doc: 'Name of the role.' }),
  db_name: field.string({ doc: 'Connection (config) the role uses.' }),
  creation_statements: field.stringList({ doc: 'Statements creating the user; `{{name}}`, `{{password}}`, `{{expiration}}`.' }),
  revocation_statements: field.stringList({ doc: 'Statements dropping the user (empty: the built-in revocation).' }),
  rollback_statements: field.stringList({ doc: 'Statements undoing a failed creation (the postgres plugin ignores them).' }),
  renew_statements: field.stringList({ doc: 'Statements extending the user (empty: ALTER ROLE ... VALID UNTIL).' }),
  default_ttl: field.durationSeconds({ doc: 'Lease TTL (0: the mount default).' }),
  max_ttl: field.durationSeconds({ doc: 'Lease max TTL (0: the mount max).' }),
  credential_type: field.string({ doc: 'password, rsa_private_key or client_certificate.' }),
  credential_config: field.map({ doc: 'Credential settings, e.g. {"password_policy": "..."}.' }),
}

function readData(role: DynamicRole): Record<string, unknown> {
  const data: Record<string, unknown> = {
    creation_statements: role.creation_statements,
    credential_type: role.credential_type,
    db_name: role.db_name,
    default_ttl: role.default_ttl,
    max_ttl: role.max_ttl,
    renew_statements: role.renew_statements,
    revocation_statements: role.revocation_statements,
    rollback_statements: role.rollback_statements,
  }
  if (Object.keys(role.credential_config).length > 0) data['credential_config'] = role.credential_config
  return Object.fromEntries(Object.entries(data).sort(([a], [b]) => (a < b ? -1 : 1)))
}

export function rolePaths(): PathDefinition[] {
  return [
    definePath({
      pattern: 'roles/',
      operations: { list: ({ storage }) => ({ data: { keys: roles.list(storage) } }) },
      synopsis: 'List the dynamic roles.',
    }),
    definePath({
      pattern: 'roles/:name',
      fields: roleFields,
      existenceCheck: ({ storage, raw }) => typeof raw['name'] === 'string' && roles.get(storage, raw['name']) !== undefined,
      operations: {
        read: ({ storage, data }) => {
          const role = roles.get(storage, data.name)
          return role ? { data: readData(role) } : undefined
        },
        update: ({ storage, data, has, operation }) => {
          if (staticRoles.get(storage, data.name)) throw invalidRequest('Role and Static Role names must be unique')
          const create = operation === 'create'
          const role: DynamicRole = roles.get(storage, data.name) ?? {
            db_name: '',
            creation_statements: [],
            revocation_statements: [],
            rollback_statements: [],
            renew_statements: [],
            default_ttl: 0,
            max_ttl: 0,
            credential_type: 'password',
            credential_config: {},
          }
          if (has('db_name') || create) role.db_name = data.db_name
          if (role.db_name === '') throw invalidRequest('database name is required')
          if (has('credential_type')) {
            if (!isCredentialType(data.credential_type)) throw invalidRequest(`invalid credential_type ${JSON.stringify(data.credential_type)}`)
            role.credential_type = data.credential_type
          }
          if (has('credential_config') || create) role.credential_config = credentialConfigOf(data.credential_config)
          if (has('creation_statements') || create) role.creation_statements = data.creation_statements
          if (has('revocation_statements') || create) role.revocation_statements = data.revocation_statements
          if (has('rollback_statements') || create) role.rollback_statements = data.rollback_statements
          if (has('renew_statements') || create) role.renew_statements = data.renew_statements
          role.revocation_statements = role.revocation_statements.filter((s) => s !== '')
          // Vault stores default_ttl > max_ttl as given; creds are then capped at max_ttl, with a warning.
          if (has('default_ttl') || create) role.default_ttl = data.default_ttl
          if (has('max_ttl') || create) role.max_ttl = data.max_ttl
          roles.put(storage, data.name, role)
          return undefined
        },
        delete: ({ storage, data }) => {
          roles.delete(storage, data.name)
          return undefined
        },
      },
      synopsis: 'Manage the roles that can create credentials.',
    }),
  ]
}

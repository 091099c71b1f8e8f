// API: https://developer.hashicorp.com/vault/api-docs/secret/databases#configure-connection
//      https://developer.hashicorp.com/vault/api-docs/secret/databases#read-connection
//      https://developer.hashicorp.com/vault/api-docs/secret/databases#list-connections
//      https://developer.hashicorp.com/vault/api-docs/secret/databases#delete-connection
//      https://developer.hashicorp.com/vault/api-docs/secret/databases#reset-connection
import { definePath } from '../../../framework/path.js'
import type { PathDefinition } from '../../../framework/path.js'
import { field } from '../../../framework/fields.js'
import { invalidRequest, multierrorText } from '../../../core/errors.js'
import { POSTGRES_PLUGIN, deleteConfig, listConfigs, readConfig, requireConfig, writeConfig } from './config-store.js'
import type { DatabaseConfig } from './config-store.js'
import { hasLiteralPassword, redactConnectionUrl } from './connection-url.js'
import { PluginError, PostgresDatabase } from './postgres-database.js'
import type { DatabaseEngine } from './engine.js'

const URL_PASSWORD_WARNING =
  'Password found in connection_url, use a templated url to enable root rotation and prevent read access to password information.'

const configFields = {
  name: field.string({ doc: 'Name of this database connection.' }),
  plugin_name: field.string({ doc: 'Plugin to use: postgresql-database-plugin.' }),
  plugin_version: field.string({ doc: 'Plugin version (builtin only).' }),
  verify_connection: field.bool({ doc: 'Connect before saving.', default: true }),
  allowed_roles: field.commaList({ doc: 'Roles that may use this connection; `*` or globs.' }),
  root_rotation_statements: field.stringList({ doc: 'Statements rotating the admin password.' }),
  password_policy: field.string({ doc: 'Password policy for generated passwords.' }),
  // Plugin fields, declared only so that audit devices keep them hashed whatever the mount says.
  password: field.string({ doc: "The admin's password (never returned).", sensitive: true }),
  private_key: field.string({ doc: 'A private key for key-pair auth (never returned).', sensitive: true }),
}

/** Fields that are Vault's own; everything else is handed to the plugin as `connection_details`. */
const CORE_FIELDS = new Set(['name', 'plugin_name', 'plugin_version', 'verify_connection', 'allowed_roles', 'root_rotation_statements', 'password_policy'])

function pluginNotFound(name: string, version: string): string {
  const context = version === '' ? name : `${name}, version=${version}`
  const notFound = `plugin not found in the catalog: ${context}`
  return `error creating database object: invalid database version: ${multierrorText([notFound, notFound])}`
}

function readData(config: DatabaseConfig): Record<string, unknown> {
  const details: Record<string, unknown> = { ...config.connection_details }
  delete details['password']
  delete details['private_key']
  if (typeof details['connection_url'] === 'string') details['connection_url'] = redactConnectionUrl(details['connection_url'])
  return {
    allowed_roles: config.allowed_roles,
    connection_details: details,
    password_policy: config.password_policy,
    plugin_name: config.plugin_name,
    plugin_version: config.plugin_version,
    root_credentials_rotate_statements: config.root_credentials_rotate_statements,
  }
}

export function configPaths(engine: DatabaseEngine): PathDefinition[] {
  return [
    definePath({
      pattern: 'config/',
      operations: { list: ({ storage }) => ({ data: { keys: listConfigs(storage) } }) },
      synopsis: 'List configured connections.',
    }),
    definePath({
      pattern: 'config/:name',
      fields: configFields,
      takesAnyField: true,
      existenceCheck: ({ storage, raw }) => typeof raw['name'] === 'string' && readConfig(storage, raw['name']) !== undefined,
      operations: {
        read: ({ storage, data }) => {
          const config = readConfig(storage, data.name)
          return config ? { data: readData(config) } : undefined
        },
        update: async ({ storage, data, raw, has, operation, clock, warn }) => {
          const create = operation === 'create'
          const existing = readConfig(storage, data.name)
          const config: DatabaseConfig = existing
            ? structuredClone(existing)
            : { plugin_name: '', plugin_version: '', connection_details: {}, allowed_roles: [], root_credentials_rotate_statements: [], password_policy: '' }
          if (has('plugin_name') || create) config.plugin_name = data.plugin_name
          if (config.plugin_name === '') throw invalidRequest('empty plugin name')
          if (has('plugin_version')) config.plugin_version = data.plugin_version
          // A builtin version is stored as empty, as Vault does since 1.12.2.
          if (config.plugin_version.includes('+builtin')) config.plugin_version = ''
          if (config.plugin_name !== POSTGRES_PLUGIN || config.plugin_version !== '') {
            throw invalidRequest(pluginNotFound(config.plugin_name, config.plugin_version))
          }
          if (has('allowed_roles') || create) config.allowed_roles = data.allowed_roles
          if (has('root_rotation_statements') || create) config.root_credentials_rotate_statements = data.root_rotation_statements
          if (has('password_policy')) config.password_policy = data.password_policy
          const sent = Object.fromEntries(Object.entries(raw).filter(([key]) => !CORE_FIELDS.has(key)))
          config.connection_details = create ? sent : { ...config.connection_details, ...sent }

          let db: PostgresDatabase
          try {
            db = await PostgresDatabase.initialize(config.connection_details, { verify: data.verify_connection, nowMs: clock.now(), unreachable: engine.connections.unreachable })
          } catch (err) {
            throw invalidRequest(`error creating database object: ${err instanceof PluginError ? err.message : String(err)}`)
          }
          await engine.connections.replace(data.name, db)
          writeConfig(storage, data.name, config)
          const url = config.connection_details['connection_url']
          if (typeof url === 'string' && hasLiteralPassword(url)) warn(URL_PASSWORD_WARNING)
          return undefined
        },
        delete: async ({ storage, data }) => {
          deleteConfig(storage, data.name)
          await engine.connections.clear(data.name)
          return undefined
        },
      },
      synopsis: 'Configure connection details to a database plugin.',
    }),
    definePath({
      pattern: 'reset/:name',
      fields: { name: field.string({ doc: 'Name of the connection to reset.' }) },
      operations: {
        update: async ({ storage, data }) => {
          await engine.connections.clear(data.name)
          requireConfig(storage, data.name)
          await engine.connections.get(data.name)
          return undefined
        },
      },
      synopsis: 'Close the connection pool and open it again.',
    }),
  ]
}

/** Stored connection configurations (`config/<name>`), shaped as Vault's `DatabaseConfig`. */
import type { Storage } from '../../../core/storage.js'
import { internalError } from '../../../core/errors.js'

export const POSTGRES_PLUGIN = 'postgresql-database-plugin'

export interface DatabaseConfig {
  plugin_name: string
  plugin_version: string
  /** What the client sent for the plugin (connection_url, username, password...), as sent. */
  connection_details: Record<string, unknown>
  allowed_roles: string[]
  root_credentials_rotate_statements: string[]
  password_policy: string
}

const PREFIX = 'config/'

export function readConfig(storage: Storage, name: string): DatabaseConfig | undefined {
  return storage.get<DatabaseConfig>(PREFIX + name)
}

/** The config a role or lease points at; Vault answers a 500 when it is gone. */
export function requireConfig(storage: Storage, name: string): DatabaseConfig {
  const config = readConfig(storage, name)
  if (!config) throw internalError(`failed to find entry for connection with name: ${JSON.stringify(name)}`)
  return config
}

export function writeConfig(storage: Storage, name: string, config: DatabaseConfig): void {
  storage.put(PREFIX + name, config)
}

export function deleteConfig(storage: Storage, name: string): void {
  storage.delete(PREFIX + name)
}

export function listConfigs(storage: Storage): string[] {
  return storage.list(PREFIX)
}

/**
 * Rotating a static role's password (Vault's `setStaticAccount`): a new
 * password, the role's `rotation_statements` run as the connection's admin,
 * then the role stored with `last_vault_rotation` = now.
 */
import { VaultError, internalError } from '../../../core/errors.js'
import { requireConfig } from './config-store.js'
import { checkAllowedRole } from './allowed-roles.js'
import { staticRoles } from './role-store.js'
import type { StaticRole } from './role-store.js'
import { PluginError } from './postgres-database.js'
import { newPassword } from './credential-password.js'
import type { DatabaseEngine } from './engine.js'

/** Rotate now and store the result; throws a VaultError (500 unless Vault says otherwise). */
export async function setStaticAccount(engine: DatabaseEngine, name: string, role: StaticRole): Promise<StaticRole> {
  const config = requireConfig(engine.storage, role.db_name)
  checkAllowedRole(config, name)
  if (role.credential_type !== 'password') throw internalError(`unsupported credential_type: ${JSON.stringify(role.credential_type)}`)
  const db = await engine.connections.get(role.db_name)
  const password = newPassword(role.credential_config['password_policy'] || config.password_policy)
  try {
    await db.changePassword(role.username, role.rotation_statements, password)
  } catch (err) {
    if (err instanceof VaultError) throw err
    throw internalError(`error setting credentials: ${err instanceof PluginError ? err.message : String(err)}`)
  }
  const rotated: StaticRole = { ...role, password, last_vault_rotation_ms: engine.clock.now() }
  staticRoles.put(engine.storage, name, rotated)
  return rotated
}

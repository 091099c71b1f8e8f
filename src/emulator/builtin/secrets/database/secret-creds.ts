/**
 * What renewing and revoking a `database/creds/...` lease does (Vault's
 * `secretCreds`): renewal pushes the user's `VALID UNTIL` out; revocation
 * drops the user, with the role's current statements, or with the ones
 * copied into the lease when the role has been deleted since.
 */
import type { SecretHooks } from '../../../framework/backend.js'
import type { LeaseRecord } from '../../../core/leases.js'
import { internalError } from '../../../core/errors.js'
import { roles } from './role-store.js'
import type { DatabaseEngine } from './engine.js'

/** The lease's secret type (the key of these hooks). */
export const CREDS_SECRET = 'creds'

/** Vault sets `VALID UNTIL` a little past the lease, so the lease always expires first. */
export const EXPIRATION_BUFFER_MS = 5_000

/** What a creds lease remembers (`internal`). */
export interface CredsInternal {
  username: string
  role: string
  db_name: string
  revocation_statements: string[]
}

function readInternal(lease: LeaseRecord): CredsInternal {
  const { username, role, db_name: dbName, revocation_statements: statements } = lease.internal
  if (typeof username !== 'string') throw new Error('secret is missing username internal data')
  if (typeof role !== 'string') throw new Error('no role name was provided')
  return {
    username,
    role,
    db_name: typeof dbName === 'string' ? dbName : '',
    revocation_statements: Array.isArray(statements) ? statements.filter((s): s is string => typeof s === 'string') : [],
  }
}

export function credsSecret(engine: DatabaseEngine): SecretHooks {
  return {
    revoke: async (lease) => {
      const internal = readInternal(lease)
      const role = roles.get(engine.storage, internal.role)
      const dbName = role ? role.db_name : internal.db_name
      if (dbName === '') {
        throw new Error(`error during revoke: could not find role with name ${JSON.stringify(internal.role)} or embedded revocation db name data`)
      }
      const statements = role ? role.revocation_statements : internal.revocation_statements
      const db = await engine.connections.get(dbName)
      await db.deleteUser(internal.username, statements)
    },
    renew: async (lease, ttl) => {
      const internal = readInternal(lease)
      const role = roles.get(engine.storage, internal.role)
      if (!role) throw internalError(`error during renew: could not find role with name ${JSON.stringify(internal.role)}`)
      const db = await engine.connections.get(role.db_name)
      try {
        await db.renewUser(internal.username, role.renew_statements, engine.clock.now() + ttl * 1000 + EXPIRATION_BUFFER_MS)
      } catch (err) {
        throw internalError(err instanceof Error ? err.message : String(err))
      }
    },
  }
}

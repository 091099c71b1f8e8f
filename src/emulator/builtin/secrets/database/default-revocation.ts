/**
 * The built-in revocation, used when a role has no `revocation_statements`:
 * nothing to do if the role is gone; otherwise revoke what it was granted
 * (every statement tried, outside a transaction, so that as much access as
 * possible goes even if one fails), then drop it.
 *
 * Vault's postgres plugin stops there, so a user that created a table can
 * never be dropped and its lease ends irrevocable. The emulator goes one step
 * further, as its users asked: objects the user owns are handed to the admin
 * (`REASSIGN OWNED`) and its remaining privileges dropped (`DROP OWNED`),
 * so that expiry really removes every dynamic user. Explicit
 * `revocation_statements` are run exactly as written, failures included.
 */
import type pg from 'pg'
import { pgErrorText } from './pg-error-text.js'
import { revocationHint } from './revocation-hint.js'

/** PostgreSQL refused a REVOKE or the DROP ROLE (the session itself is fine). */
export class RevocationRefused extends Error {
  override name = 'RevocationRefused'
}

function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`
}

/** Throws {@link RevocationRefused} worded as Vault's plugin words it (plus the emulator's hint), or the driver's error. */
export async function revokeWithDefaults(client: pg.ClientBase, username: string): Promise<void> {
  const exists = await client.query<{ exists: boolean }>('SELECT exists (SELECT rolname FROM pg_roles WHERE rolname=$1);', [username])
  if (exists.rows[0]?.exists !== true) return
  const schemas = await client.query<{ table_schema: string }>('SELECT DISTINCT table_schema FROM information_schema.role_column_grants WHERE grantee=$1;', [username])
  const user = quoteIdentifier(username)
  const revocations: string[] = []
  for (const row of schemas.rows) {
    const schema = quoteIdentifier(row.table_schema)
    revocations.push(`REVOKE ALL PRIVILEGES ON ALL TABLES IN SCHEMA ${schema} FROM ${user};`, `REVOKE USAGE ON SCHEMA ${schema} FROM ${user};`)
  }
  revocations.push(
    `REVOKE ALL PRIVILEGES ON ALL TABLES IN SCHEMA public FROM ${user};`,
    `REVOKE ALL PRIVILEGES ON ALL SEQUENCES IN SCHEMA public FROM ${user};`,
    `REVOKE USAGE ON SCHEMA public FROM ${user};`,
  )
  const dbname = (await client.query<{ current_database: string | null }>('SELECT current_database();')).rows[0]?.current_database
  if (dbname) revocations.push(`REVOKE CONNECT ON DATABASE ${quoteIdentifier(dbname)} FROM ${user};`)
  let lastError: unknown
  for (const query of revocations) {
    try {
      await client.query(query)
    } catch (err) {
      lastError = err
    }
  }
  const owned = await client.query<{ n: string }>(
    "SELECT count(*) AS n FROM pg_shdepend d JOIN pg_roles r ON r.oid = d.refobjid WHERE r.rolname = $1 AND d.deptype = 'o'",
    [username],
  )
  if (Number(owned.rows[0]?.n ?? 0) > 0) {
    try {
      // A CREATEROLE admin must be a member of the role to take over its objects (PostgreSQL 16+).
      await client.query(`GRANT ${user} TO CURRENT_USER;`)
      await client.query(`REASSIGN OWNED BY ${user} TO CURRENT_USER;`)
      await client.query(`DROP OWNED BY ${user};`)
      lastError = undefined // DROP OWNED removed whatever the REVOKEs could not
    } catch (err) {
      lastError = err
    }
  }
  // The role cannot be dropped while it keeps privileges or objects.
  if (lastError !== undefined) {
    throw new RevocationRefused(`could not perform all revocation statements: ${pgErrorText(lastError)}${revocationHint(lastError, username)}`)
  }
  try {
    await client.query(`DROP ROLE IF EXISTS ${user};`)
  } catch (err) {
    throw new RevocationRefused(`${pgErrorText(err)}${revocationHint(err, username)}`)
  }
}

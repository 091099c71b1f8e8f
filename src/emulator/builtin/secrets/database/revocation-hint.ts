/**
 * The hint appended to a failed revocation. Vault only says what PostgreSQL
 * said; on a laptop the emulator also says why the user is still there and
 * which `revocation_statements` fix it, because in production this failure is
 * silent until someone audits `pg_roles`.
 */
import { isPgServerError } from './pg-error-text.js'

const REVOKE_FIX = 'REVOKE ALL ON ALL TABLES IN SCHEMA public FROM "{{name}}"; DROP ROLE IF EXISTS "{{name}}";'
const OWNED_FIX =
  'GRANT "{{name}}" TO CURRENT_USER; REASSIGN OWNED BY "{{name}}" TO CURRENT_USER; DROP OWNED BY "{{name}}"; DROP ROLE IF EXISTS "{{name}}";'

/** Extra text for a revocation error, or '' when there is nothing useful to add. */
export function revocationHint(err: unknown, username: string): string {
  if (!isPgServerError(err)) return ''
  const detail = (err.detail ?? '').split('\n').map((l) => l.trim()).filter((l) => l !== '')
  const consequence = `Vault retries, then leaves the lease irrevocable, and "${username}" can still log in.`
  if (err.code === '2BP01') {
    const owns = detail.some((l) => l.startsWith('owner of'))
    const what = detail.length > 0 ? ` (${detail.join('; ')})` : ''
    if (owns) {
      return ` [vault-emu hint: the role cannot be dropped because it still owns objects${what}. ${consequence} Hand its objects over first, e.g. revocation_statements="${OWNED_FIX}"]`
    }
    return ` [vault-emu hint: the role cannot be dropped while it holds privileges${what}. ${consequence} REVOKE ALL ON ALL TABLES IN SCHEMA public FROM "{{name}}" first, e.g. revocation_statements="${REVOKE_FIX}"]`
  }
  if (err.code === '42501' && err.message.startsWith('permission denied')) {
    return ` [vault-emu hint: the connection's user may only revoke what it holds WITH GRANT OPTION, and objects "${username}" created belong to "${username}". ${consequence} Revoke only what the creation statements granted, and hand owned objects over first, e.g. revocation_statements="${OWNED_FIX}"]`
  }
  return ''
}

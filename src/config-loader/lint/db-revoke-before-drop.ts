/** PostgreSQL refuses DROP ROLE while the role still holds privileges: revoke them first. */
import type { LintRule } from './types.js'
import { isDatabaseRole, statements } from './db-statements.js'

export const dbRevokeBeforeDrop: LintRule = {
  id: 'db-revoke-before-drop',
  severity: 'error',
  rationale: 'DROP ROLE fails ("role cannot be dropped because some objects depend on it") while grants remain, so the credential outlives its lease.',
  check({ loaded, mountTypeOf, atRole }) {
    return loaded.roles.flatMap((role) => {
      if (!isDatabaseRole(role, mountTypeOf)) return []
      const creation = statements(role, 'creation_statements')
      const revocation = statements(role, 'revocation_statements')
      if (!/\bGRANT\b/i.test(creation) || !/\bDROP\s+(ROLE|USER)\b/i.test(revocation)) return []
      const drop = revocation.search(/\bDROP\s+(ROLE|USER)\b/i)
      const revoke = revocation.search(/\b(REVOKE|DROP\s+OWNED|REASSIGN\s+OWNED)\b/i)
      if (revoke >= 0 && revoke < drop) return []
      return [
        atRole(role, ['revocation_statements'], {
          message: `revocation_statements of "${role.entry.name}" drop the role without revoking what creation_statements grant`,
          fix: 'start with REVOKE ALL ON ALL TABLES IN SCHEMA public FROM "{{name}}"; before DROP ROLE',
        }),
      ]
    })
  },
}

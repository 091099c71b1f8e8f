/** Without VALID UNTIL the database keeps accepting a credential whose lease Vault failed to revoke. */
import type { LintRule } from './types.js'
import { isDatabaseRole, statements } from './db-statements.js'

export const dbValidUntil: LintRule = {
  id: 'db-valid-until',
  severity: 'warning',
  rationale: "VALID UNTIL '{{expiration}}' makes PostgreSQL itself refuse an expired credential, even if revocation failed.",
  check({ loaded, mountTypeOf, atRole }) {
    return loaded.roles.flatMap((role) => {
      if (!isDatabaseRole(role, mountTypeOf) || role.entry['creation_statements'] === undefined) return []
      if (/VALID\s+UNTIL\s+'\{\{expiration\}\}'/i.test(statements(role, 'creation_statements'))) return []
      return [atRole(role, ['creation_statements'], { message: `creation_statements of "${role.entry.name}" set no VALID UNTIL '{{expiration}}'`, fix: "add VALID UNTIL '{{expiration}}' to the CREATE ROLE statement" })]
    })
  },
}

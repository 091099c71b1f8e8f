/** creation_statements must use the generated name and password, or the credential is not the one Vault hands out. */
import type { LintRule } from './types.js'
import { isDatabaseRole, statements } from './db-statements.js'

export const dbCreationTemplates: LintRule = {
  id: 'db-creation-templates',
  severity: 'error',
  rationale: 'Without {{name}} and {{password}} the database user is not the credential Vault returns.',
  check({ loaded, mountTypeOf, atRole }) {
    return loaded.roles.flatMap((role) => {
      if (!isDatabaseRole(role, mountTypeOf) || role.entry['creation_statements'] === undefined) return []
      const sql = statements(role, 'creation_statements')
      const missing = ['{{name}}', '{{password}}'].filter((t) => !sql.includes(t))
      if (missing.length === 0) return []
      return [atRole(role, ['creation_statements'], { message: `creation_statements of "${role.entry.name}" lack ${missing.join(' and ')}`, fix: `write CREATE ROLE "{{name}}" WITH LOGIN PASSWORD '{{password}}' VALID UNTIL '{{expiration}}';` })]
    })
  },
}

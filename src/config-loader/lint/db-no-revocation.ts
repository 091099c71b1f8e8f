/** Without revocation_statements, the plugin's default may not undo what creation granted. */
import type { LintRule } from './types.js'
import { isDatabaseRole } from './db-statements.js'

export const dbNoRevocation: LintRule = {
  id: 'db-no-revocation',
  severity: 'warning',
  rationale: 'Say how a credential is removed; the default cannot know what your creation_statements granted.',
  check({ loaded, mountTypeOf, atRole }) {
    return loaded.roles.flatMap((role) => {
      if (!isDatabaseRole(role, mountTypeOf) || role.entry['revocation_statements'] !== undefined) return []
      return [atRole(role, [], { message: `database role "${role.entry.name}" has no revocation_statements`, fix: 'add revocation_statements: REVOKE ALL ON ALL TABLES IN SCHEMA public FROM "{{name}}"; then DROP ROLE IF EXISTS "{{name}}";' })]
    })
  },
}

/** A role that names a policy nobody wrote issues tokens that can do nothing with it. */
import type { LintRule } from './types.js'
import { BUILTIN_POLICIES, rolePolicies } from './role-policies.js'

export const unknownPolicy: LintRule = {
  id: 'unknown-policy',
  severity: 'error',
  rationale: 'Vault accepts unknown policy names silently; the tokens then get permission denied everywhere.',
  check({ loaded, policies, atRole }) {
    const known = new Set([...BUILTIN_POLICIES, ...policies.map((p) => p.name)])
    return loaded.roles.flatMap((role) =>
      rolePolicies(role)
        .filter((p) => !known.has(p.name))
        .map((p) =>
          atRole(role, p.path, {
            message: `role "${role.entry.name}" names the policy "${p.name}", which does not exist`,
            fix: `create policies/${p.name}.hcl, or correct the name (policies: ${policies.map((x) => x.name).join(', ') || 'none'})`,
          }),
        ),
    )
  },
}

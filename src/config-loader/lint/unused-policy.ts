/** A policy no role hands out is dead, or a role forgot it. */
import type { LintRule } from './types.js'
import { rolePolicies } from './role-policies.js'

export const unusedPolicy: LintRule = {
  id: 'unused-policy',
  severity: 'warning',
  rationale: 'A policy no role uses is either dead weight or a sign a role names the wrong policy.',
  check({ loaded, policies, atPolicy }) {
    const used = new Set(loaded.roles.flatMap((role) => rolePolicies(role).map((p) => p.name)))
    return policies
      .filter((p) => !used.has(p.name))
      .map((p) => atPolicy(p, 0, { message: `policy "${p.name}" is not used by any role`, fix: `attach it to a role (token_policies: [${p.name}]) or delete ${p.file}` }))
  },
}

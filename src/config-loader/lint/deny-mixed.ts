/** `deny` overrides everything in its block, so other capabilities beside it are dead text. */
import type { LintRule } from './types.js'

export const denyMixed: LintRule = {
  id: 'deny-mixed',
  severity: 'warning',
  rationale: 'deny wins over every other capability on the same path; listing others beside it misleads readers.',
  check({ policies, atPolicy }) {
    return policies.flatMap((policy) =>
      policy.blocks.flatMap((block) => {
        const deny = block.capabilities.find((c) => c.name === 'deny')
        if (!deny || block.capabilities.length === 1) return []
        const others = block.capabilities.filter((c) => c.name !== 'deny').map((c) => c.name)
        return [atPolicy(policy, deny.offset, { message: `"deny" on "${block.path}" cancels ${others.join(', ')}`, fix: 'keep only ["deny"], or remove "deny"' })]
      }),
    )
  },
}

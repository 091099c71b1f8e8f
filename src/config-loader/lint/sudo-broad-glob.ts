/** `sudo` reaches root-protected endpoints; on a glob it reaches all of them. */
import type { LintRule } from './types.js'

export const sudoBroadGlob: LintRule = {
  id: 'sudo-broad-glob',
  severity: 'error',
  rationale: 'sudo opens root-protected endpoints; on a glob it opens every one below it, now and later.',
  check({ policies, atPolicy }) {
    return policies.flatMap((policy) =>
      policy.blocks.flatMap((block) => {
        const sudo = block.capabilities.find((c) => c.name === 'sudo')
        if (!sudo || !/[*+]/.test(block.path)) return []
        return [atPolicy(policy, sudo.offset, { message: `"sudo" on the glob "${block.path}"`, fix: 'grant sudo only on the exact root-protected paths needed (e.g. sys/leases/revoke-prefix/...)' })]
      }),
    )
  },
}

/** Capabilities are a closed set; a typo makes Vault reject the whole policy. */
import { CAPABILITIES } from '../../emulator/core/policy/index.js'
import type { LintRule } from './types.js'

const KNOWN: ReadonlySet<string> = new Set<string>([...CAPABILITIES, 'recover', 'subscribe'])

export const unknownCapability: LintRule = {
  id: 'unknown-capability',
  severity: 'error',
  rationale: 'Vault refuses a policy with an unknown capability, so none of its rules apply.',
  check({ policies, atPolicy }) {
    return policies.flatMap((policy) =>
      policy.blocks.flatMap((block) =>
        block.capabilities
          .filter((c) => !KNOWN.has(c.name))
          .map((c) => atPolicy(policy, c.offset, { message: `unknown capability "${c.name}" on path "${block.path}"`, fix: `use one of ${CAPABILITIES.join(', ')}` })),
      ),
    )
  },
}

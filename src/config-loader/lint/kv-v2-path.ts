/** A policy path under a KV v2 mount must name data/, metadata/, ...: the API path, not the CLI's. */
import type { LintRule } from './types.js'

const KV_V2_SEGMENTS = new Set(['data', 'metadata', 'delete', 'undelete', 'destroy', 'subkeys', 'config'])

export const kvV2Path: LintRule = {
  id: 'kv-v2-path',
  severity: 'error',
  rationale: 'KV v2 serves secrets under <mount>/data/ and <mount>/metadata/; a policy for <mount>/app grants nothing (the #1 "permission denied").',
  check({ policies, kvV2Mounts, atPolicy }) {
    return policies.flatMap((policy) =>
      policy.blocks.flatMap((block) => {
        const mount = [...kvV2Mounts].find((m) => block.path.startsWith(`${m}/`))
        if (mount === undefined) return []
        const rest = block.path.slice(mount.length + 1)
        const segment = rest.split('/')[0] ?? ''
        if (KV_V2_SEGMENTS.has(segment) || segment === '*' || segment === '+' || rest === '') return []
        const list = block.capabilities.some((c) => c.name === 'list')
        const suggestion = `"${mount}/data/${rest}"` + (list ? ` (and "${mount}/metadata/${rest}" for list)` : '')
        return [
          atPolicy(policy, block.offset, {
            message: `"${block.path}" is under the KV v2 mount "${mount}/" but does not name data/ or metadata/, so it grants nothing`,
            fix: `write path ${suggestion}; vault kv get -output-policy ${mount}/${rest.replace(/[*+]$/, '<name>')} prints the exact path`,
          }),
        ]
      }),
    )
  },
}

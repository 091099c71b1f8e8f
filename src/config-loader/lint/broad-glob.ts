/** A glob over a whole mount, or over sys/, hands out far more than one app needs. */
import type { LintRule } from './types.js'

export function isBroadGlob(path: string, mountPaths: ReadonlySet<string>): boolean {
  if (!path.endsWith('*') && path !== '+') return false
  const prefix = path.replace(/\*$/, '').replace(/\/$/, '')
  if (prefix === '' || prefix === '+' || prefix === 'sys' || prefix === 'auth' || mountPaths.has(prefix)) return true
  // secret/data/* and secret/metadata/* are the whole KV v2 mount too.
  const parent = prefix.replace(/\/(data|metadata)$/, '')
  return parent !== prefix && mountPaths.has(parent)
}

export const broadGlob: LintRule = {
  id: 'broad-glob',
  severity: 'warning',
  rationale: 'A glob over a whole mount or sys/ grants every secret in it, present and future: least privilege names paths.',
  check({ policies, mountPaths, atPolicy }) {
    return policies.flatMap((policy) =>
      policy.blocks
        .filter((block) => isBroadGlob(block.path, mountPaths))
        .map((block) =>
          atPolicy(policy, block.offset, {
            message: `"${block.path}" grants ${block.path.startsWith('sys') ? 'the system backend' : 'a whole mount'}`,
            fix: 'narrow the path to the secrets this policy needs (e.g. secret/data/myapp/*)',
          }),
        ),
    )
  },
}

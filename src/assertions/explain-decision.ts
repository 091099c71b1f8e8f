/**
 * Words for an ACL decision: which rule decided, what it grants, and the
 * policies it came from — what a developer needs when Vault says
 * "permission denied".
 *
 * @example
 * explainDecision(core.policies.acl(['web']).check('read', 'secret/data/x'), 'read', 'secret/data/x', ['web'])
 * // 'it is denied: the most specific rule, path "secret/data/*" [list] from policy "web", does not grant read'
 */
import type { AclDecision, AclOperation, DecidingRule } from '../emulator/core/policy/index.js'
import { quoteList } from './verdict.js'

/**
 * `path "secret/data/*" [read, list] from policy "web"`.
 *
 * @example
 * describeRule({ path: 'secret/data/*', capabilities: ['list', 'read'], policies: ['web'] }) // 'path "secret/data/*" [list, read] from policy "web"'
 */
export function describeRule(rule: DecidingRule): string {
  const from = rule.policies.length === 1 ? `policy "${rule.policies[0] ?? ''}"` : `policies ${quoteList(rule.policies)}`
  return `path "${rule.path}" [${rule.capabilities.join(', ')}] from ${from}`
}

/**
 * Why `op` on `path` was allowed or denied, worded to follow "but".
 *
 * @example
 * explainDecision(acl.check('update', 'secret/data/x'), 'update', 'secret/data/x', ['web'])
 */
export function explainDecision(decision: AclDecision, op: AclOperation | 'sudo', path: string, policies: readonly string[]): string {
  const rule = decision.rule
  const allowed = op === 'sudo' ? decision.sudo : decision.allowed
  if (!rule) {
    if (allowed) return 'it is allowed: the root policy allows everything'
    return `it is denied: no rule of ${policies.length === 1 ? 'policy' : 'policies'} ${quoteList(policies)} matches ${path}`
  }
  if (allowed) return `it is allowed by rule ${describeRule(rule)}`
  if (rule.capabilities.includes('deny')) return `it is denied by rule ${describeRule(rule)} (deny overrides every grant)`
  if (rule.capabilities.includes(op)) {
    return `it is denied: rule ${describeRule(rule)} grants ${op} only with other parameters or wrapping TTLs`
  }
  return `it is denied: the most specific rule, ${describeRule(rule)}, does not grant ${op}`
}

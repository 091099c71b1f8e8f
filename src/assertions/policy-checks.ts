/**
 * Checks of ACL decisions: may this token do that, does this policy grant
 * these capabilities. They ask the emulator's ACL the question Vault asks on
 * every request, and report the rule that decided.
 *
 * @example
 * const verdict = checkAllowed(vault, token, 'read', 'secret/data/myapp/db')
 * verdict.pass   // false
 * verdict.actual // 'it is denied: no rule of policies "default", "web" matches secret/data/myapp/db'
 */
import type { VaultEmulator } from '../emulator/emulator.js'
import type { AclOperation } from '../emulator/core/policy/index.js'
import { explainDecision } from './explain-decision.js'
import { describeTokenProblem } from './token-state.js'
import { quoteList, tokenLabel } from './verdict.js'
import type { Verdict } from './verdict.js'

/**
 * What a token may be asked to do: an ACL operation, or `sudo`.
 *
 * @example
 * const op: VaultOperation = 'sudo'
 */
export type VaultOperation = AclOperation | 'sudo'

/**
 * Whether `token` may perform `op` on `path` (an unknown, revoked or expired token may do nothing).
 *
 * @example
 * checkAllowed(vault, token, 'read', 'secret/data/app').pass
 */
export function checkAllowed(vault: VaultEmulator, token: string, op: VaultOperation, path: string): Verdict {
  const label = tokenLabel(token)
  const expected = `${label} to be allowed to ${op} ${path}`
  const expectedNot = `${label} to be denied ${op} on ${path}`
  const entry = vault.core.tokens.lookup(token)
  if (!entry) return { pass: false, expected, expectedNot, actual: describeTokenProblem(vault, token) }
  const acl = vault.core.policies.acl(entry.policies)
  const decision = acl.root ? { allowed: true, sudo: true } : acl.check(op === 'sudo' ? 'read' : op, path)
  const pass = op === 'sudo' ? decision.sudo : decision.allowed
  const actual = `${explainDecision(decision, op, path, entry.policies)} (token policies: ${quoteList(entry.policies)})`
  return { pass, expected, expectedNot, actual }
}

/**
 * Whether policy `name` alone grants every capability in `capabilities` on `path`.
 *
 * @example
 * checkPolicyGrants(vault, 'web-frontend', ['read', 'list'], 'secret/data/frontend/x').actual
 */
export function checkPolicyGrants(vault: VaultEmulator, name: string, capabilities: readonly VaultOperation[], path: string): Verdict {
  const list = capabilities.join(', ')
  const expected = `policy "${name}" to grant [${list}] on ${path}`
  const expectedNot = `policy "${name}" not to grant [${list}] on ${path}`
  if (!vault.core.policies.get(name)) {
    const known = vault.core.policies.names()
    return { pass: false, expected, expectedNot, actual: `there is no policy "${name}" (policies: ${quoteList(known)})` }
  }
  const acl = vault.core.policies.acl([name])
  if (acl.root) return { pass: true, expected, expectedNot, actual: 'it is the root policy, which grants everything' }
  const refused: string[] = []
  const granted: string[] = []
  for (const op of capabilities) {
    const decision = acl.check(op === 'sudo' ? 'read' : op, path)
    const ok = op === 'sudo' ? decision.sudo : decision.allowed
    ;(ok ? granted : refused).push(`${op}: ${explainDecision(decision, op, path, [name]).replace(/^it is /, '')}`)
  }
  if (refused.length > 0) return { pass: false, expected, expectedNot, actual: refused.join('; ') }
  return { pass: true, expected, expectedNot, actual: granted.join('; ') }
}

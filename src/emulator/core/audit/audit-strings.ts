/**
 * The strings every audit entry repeats, formatted once and kept: the time
 * of the current millisecond, client ids by policy set, `policy_results` by
 * deciding ACL rule, the issue time of the last token seen. One per broker
 * (per emulator), bounded.
 */
import { createHash } from 'node:crypto'
import type { TokenEntry } from '../token-store.js'
import type { AclDecision, DecidingRule } from '../policy/index.js'
import type { AuditPolicyResults } from './entry-types.js'
import { auditTime, issueTime } from './format-entry.js'
import { sameStrings } from '../same-strings.js'

const ALLOWED = '{"allowed":true}'
const DENIED = '{"allowed":false}'
const ROOT_GRANT = '{"allowed":true,"granting_policies":[{"name":"root","namespace_id":"root","type":"acl"}]}'

/** An allowed request's `policy_results`: the policies behind the rule that granted it. */
function grantedBy(rule: DecidingRule): string {
  if (rule.policies.length === 0) return ALLOWED
  const results: AuditPolicyResults = { allowed: true, granting_policies: rule.policies.map((name) => ({ name, namespace_id: 'root', type: 'acl' })) }
  return JSON.stringify(results)
}

export class AuditStrings {
  #timeMs = Number.NaN
  #timeText = ''
  #issueMs = Number.NaN
  #issueText = ''
  readonly #clientIds = new Map<string, string>()
  /** By a token's policies array (kept for the token's lifetime), before building the key above. */
  readonly #clientIdsByArray = new WeakMap<readonly string[], { names: readonly string[]; id: string }>()
  readonly #grants = new WeakMap<object, string>()

  /** An entry's `time` (formatted once per millisecond). */
  time(now: number): string {
    if (now !== this.#timeMs) {
      this.#timeMs = now
      this.#timeText = auditTime(now)
    }
    return this.#timeText
  }

  /** `request.client_id` of a token: its entity, or a hash of its policies (cached by policy set). */
  clientId(token: TokenEntry): string {
    if (token.entity_id) return token.entity_id
    const known = this.#clientIdsByArray.get(token.policies)
    // The names are compared too: an array changed in place must not keep its old id.
    if (known !== undefined && sameStrings(known.names, token.policies)) return known.id
    const id = this.#clientIdByNames(token)
    this.#clientIdsByArray.set(token.policies, { names: [...token.policies], id })
    return id
  }

  #clientIdByNames(token: TokenEntry): string {
    const key = token.policies.join('\n')
    let id = this.#clientIds.get(key)
    if (id === undefined) {
      id = createHash('sha256').update(`${[...token.policies].sort().join('\x7F')}\x00root`).digest('base64')
      if (this.#clientIds.size >= 1024) this.#clientIds.clear()
      this.#clientIds.set(key, id)
    }
    return id
  }

  /** `auth.policy_results` as JSON text, cached by the ACL rule that decided (rules live as long as their compiled ACL). */
  policyResults(token: TokenEntry | undefined, decision: AclDecision | undefined): string {
    if (!decision) return ALLOWED
    if (!decision.allowed) return DENIED
    if (token?.policies.includes('root')) return ROOT_GRANT
    const rule = decision.rule
    if (!rule) return ALLOWED
    let json = this.#grants.get(rule)
    if (json === undefined) {
      json = grantedBy(rule)
      this.#grants.set(rule, json)
    }
    return json
  }

  /** `token_issue_time` of a token (cached by creation time). */
  issueTime(token: TokenEntry): string | undefined {
    if (token.creation_time_ms <= 0) return undefined
    if (token.creation_time_ms !== this.#issueMs) {
      this.#issueMs = token.creation_time_ms
      this.#issueText = issueTime(token.creation_time_ms)
    }
    return this.#issueText
  }
}

/** Vault ACL policies: parse policy text, merge policies, decide requests. */
export { CAPABILITIES } from './capability.js'
export type { Capability } from './capability.js'
export { PolicyParseError, parsePolicy, policyFromRules } from './parse.js'
export type { Policy, PolicyRule } from './parse.js'
export { ACL } from './acl.js'
export type { AclDecision, AclOperation, DecidingRule } from './acl.js'
export {
  DEFAULT_POLICY,
  DEFAULT_POLICY_NAME,
  DEFAULT_POLICY_TEXT,
  RESPONSE_WRAPPING_POLICY,
  RESPONSE_WRAPPING_POLICY_NAME,
  RESPONSE_WRAPPING_POLICY_TEXT,
  ROOT_POLICY_NAME,
} from './builtin-policies.js'

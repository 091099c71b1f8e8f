/**
 * The policies every Vault has: `root` (everything; no rules) and `default`
 * (what any other token may do to itself). `default` is kept as ready rules
 * so booting does not need the HCL parser.
 */
import { policyFromRules } from './parse.js'
import type { Policy, PolicyRule } from './parse.js'

export const ROOT_POLICY_NAME = 'root'
export const DEFAULT_POLICY_NAME = 'default'

export const DEFAULT_POLICY_TEXT = `# Built-in "default" policy: lets any token inspect and manage itself.

# Read this token's own properties.
path "auth/token/lookup-self" {
  capabilities = ["read"]
}

# Extend or end this token's own life.
path "auth/token/renew-self" {
  capabilities = ["update"]
}
path "auth/token/revoke-self" {
  capabilities = ["update"]
}

# Ask what this token may do on given paths.
path "sys/capabilities-self" {
  capabilities = ["update"]
}

# Read the identity entity behind this token.
path "identity/entity/id/{{identity.entity.id}}" {
  capabilities = ["read"]
}
path "identity/entity/name/{{identity.entity.name}}" {
  capabilities = ["read"]
}

# The merged ACL of this token, for user interfaces.
path "sys/internal/ui/resultant-acl" {
  capabilities = ["read"]
}

# Renew a lease given its id in the body (old and new endpoint).
path "sys/renew" {
  capabilities = ["update"]
}
path "sys/leases/renew" {
  capabilities = ["update"]
}

# Look up a lease whose id is already known.
path "sys/leases/lookup" {
  capabilities = ["update"]
}

# This token's private cubbyhole.
path "cubbyhole/*" {
  capabilities = ["create", "read", "update", "delete", "list"]
}

# Response wrapping: wrap a value, inspect a wrapping token, unwrap one.
path "sys/wrapping/wrap" {
  capabilities = ["update"]
}
path "sys/wrapping/lookup" {
  capabilities = ["update"]
}
path "sys/wrapping/unwrap" {
  capabilities = ["update"]
}

# Hashing helpers.
path "sys/tools/hash" {
  capabilities = ["update"]
}
path "sys/tools/hash/*" {
  capabilities = ["update"]
}

# Ask for a control group authorization.
path "sys/control-group/request" {
  capabilities = ["update"]
}

# OIDC provider authorization endpoint.
path "identity/oidc/provider/+/authorize" {
  capabilities = ["read", "update"]
}
`

const rule = (path: string, ...capabilities: PolicyRule['capabilities']): PolicyRule => ({ path, capabilities })

/** Exactly what parsing DEFAULT_POLICY_TEXT yields (a test keeps them equal). */
export const DEFAULT_POLICY: Policy = policyFromRules(DEFAULT_POLICY_NAME, DEFAULT_POLICY_TEXT, [
  rule('auth/token/lookup-self', 'read'),
  rule('auth/token/renew-self', 'update'),
  rule('auth/token/revoke-self', 'update'),
  rule('sys/capabilities-self', 'update'),
  rule('identity/entity/id/{{identity.entity.id}}', 'read'),
  rule('identity/entity/name/{{identity.entity.name}}', 'read'),
  rule('sys/internal/ui/resultant-acl', 'read'),
  rule('sys/renew', 'update'),
  rule('sys/leases/renew', 'update'),
  rule('sys/leases/lookup', 'update'),
  rule('cubbyhole/*', 'create', 'read', 'update', 'delete', 'list'),
  rule('sys/wrapping/wrap', 'update'),
  rule('sys/wrapping/lookup', 'update'),
  rule('sys/wrapping/unwrap', 'update'),
  rule('sys/tools/hash', 'update'),
  rule('sys/tools/hash/*', 'update'),
  rule('sys/control-group/request', 'update'),
  rule('identity/oidc/provider/+/authorize', 'read', 'update'),
])

export const RESPONSE_WRAPPING_POLICY_NAME = 'response-wrapping'

export const RESPONSE_WRAPPING_POLICY_TEXT = `# Internal: what a response-wrapping token may do.
path "cubbyhole/response" {
  capabilities = ["create", "read"]
}
path "sys/wrapping/unwrap" {
  capabilities = ["update"]
}
`

export const RESPONSE_WRAPPING_POLICY: Policy = policyFromRules(
  RESPONSE_WRAPPING_POLICY_NAME,
  RESPONSE_WRAPPING_POLICY_TEXT,
  [rule('cubbyhole/response', 'create', 'read'), rule('sys/wrapping/unwrap', 'update')],
)

/**
 * The shape of one audit log line, as Vault 1.17 writes it (`audit/types.go`).
 * Every field is omitted when empty (Go `omitempty`), so all are optional
 * except `type` and `time`. Field order on the wire follows Vault's structs.
 *
 * @example
 * const denied = vault.audit.entries().filter((e) => e.type === 'response' && e.response?.data?.['error'] !== undefined)
 * denied.map((e) => e.request?.path) // ['secret/data/other']
 */

export interface AuditPolicyInfo {
  name?: string
  namespace_id?: string
  type: string
}

export interface AuditPolicyResults {
  allowed: boolean
  granting_policies?: AuditPolicyInfo[]
}

/** Who made the request (or, under `response.auth`, the token a login issued). */
export interface AuditAuth {
  /** HMAC'd unless the device has `hmac_accessor=false` or `log_raw=true`. */
  accessor?: string
  /** HMAC'd unless `log_raw=true`. */
  client_token?: string
  display_name?: string
  entity_id?: string
  identity_policies?: string[]
  metadata?: Record<string, string>
  num_uses?: number
  policies?: string[]
  policy_results?: AuditPolicyResults
  remaining_uses?: number
  token_policies?: string[]
  /** RFC 3339, whole seconds. */
  token_issue_time?: string
  /** Seconds. */
  token_ttl?: number
  /** `service`, `batch`, or `default` when no token was resolved. */
  token_type?: string
}

export interface AuditRequest {
  client_id?: string
  client_token?: string
  client_token_accessor?: string
  /** The request body (writes) or query (reads); string values HMAC'd. */
  data?: Record<string, unknown>
  id?: string
  /** Set once the request was routed: write operations, and every response entry. */
  mount_accessor?: string
  mount_class?: string
  mount_point?: string
  mount_running_version?: string
  mount_type?: string
  namespace?: { id?: string; path?: string }
  operation?: string
  path?: string
  remote_address?: string
  remote_port?: number
}

export interface AuditResponse {
  auth?: AuditAuth
  /** The response data; string values HMAC'd. Errors Vault answers as an error response sit in `data.error`. */
  data?: Record<string, unknown>
  mount_accessor?: string
  mount_class?: string
  mount_point?: string
  mount_running_plugin_version?: string
  mount_type?: string
  secret?: { lease_id?: string }
  warnings?: string[]
}

export interface AuditLogEntry {
  auth?: AuditAuth
  /** The error text; absent for successful requests. */
  error?: string
  request?: AuditRequest
  /** Only on `type: "response"` entries. */
  response?: AuditResponse
  /** RFC 3339 with fractional seconds, from the emulator's clock. */
  time: string
  type: 'request' | 'response'
}

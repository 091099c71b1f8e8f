/**
 * Writes the request and response entries of one request for one device, as
 * JSON lines in Vault 1.17's shape (`audit/types.go`, field order as there):
 * tokens and accessors HMAC'd, data through {@link auditJson}, empty fields
 * left out. The parts that depend only on the request (the auth block, the
 * hashed request data) are prepared once per device and shared by both
 * entries. Types of the result: `entry-types.ts`.
 */
import type { LogicalRequest, LogicalResponse, Operation } from '../request.js'
import type { MountEntry } from '../mounts.js'
import type { TokenEntry } from '../token-store.js'
import { auditJson, elideListData } from './hash-data.js'
import type { Hasher } from './hash-data.js'
import { JsonFields } from './json-text.js'
import type { CallerParts, FormatCache, MountParts } from './format-cache.js'

/** What the core resolved about a request, as the audit log reports it. */
export interface AuditFacts {
  req: LogicalRequest
  /** After the existence check (`create` or `update` for writes). */
  operation: Operation
  /** The mount the path falls under, if any. */
  mount: MountEntry | undefined
  /** Undefined when the token was refused outright: Vault then logs an empty auth. */
  caller: CallerFacts | undefined
  /** `audit_non_hmac_request_keys` of the mount, minus fields declared sensitive. */
  clearRequestKeys: ReadonlySet<string> | undefined
  /** `audit_non_hmac_response_keys` of the mount. */
  clearResponseKeys: ReadonlySet<string> | undefined
}

export interface CallerFacts {
  token: TokenEntry | undefined
  /** `policy_results`, as JSON text. */
  policyResults: string
  clientId: string | undefined
  remainingUses: number
  /** The token's `token_issue_time`. */
  issueTime: string | undefined
}

export interface FormatOptions {
  /** `log_raw`. */
  raw: boolean
  hmacAccessor: boolean
  elideListResponses: boolean
}

/** The device-specific parts shared by a request's two entries, as JSON text. */
export interface PreparedParts {
  auth: string
  clientToken: string | undefined
  clientTokenAccessor: string | undefined
  data: string | undefined
  /** `request`'s fields before the mount's: caller, data and id (no braces). */
  requestHead: string
  /** `request`'s fields after the mount's: namespace to remote port (no braces). */
  requestTail: string
}

/** A secret as JSON text: its HMAC (which needs no escaping), or the value itself under log_raw. */
function secretJson(value: string, hash: Hasher): string {
  return hash ? `"${hash(value)}"` : JSON.stringify(value)
}

/** What the response entry records besides the request: the response, or the error. */
export interface Outcome {
  response: LogicalResponse | undefined
  /** The top-level `error`. */
  error: string | undefined
  /** An error Vault answered as an error response: logged as `response.data.error`. */
  errorData: string | undefined
}

/** Everything a response entry needs from its device and the core. */
export interface ResponseContext {
  options: FormatOptions
  hmac: (value: string) => string
  cache: FormatCache
  /** The token a login issued, looked up by id (display name, issue time). */
  issued: (clientToken: string) => TokenEntry | undefined
}

const ROOT_NAMESPACE = '{"id":"root"}'
const EMPTY_AUTH = '{"token_type":"default"}'

/** Go's RFC3339Nano in UTC: fractional seconds without trailing zeros. */
export function auditTime(ms: number): string {
  const iso = new Date(ms).toISOString()
  if (!iso.endsWith('0Z')) return iso
  return iso.endsWith('.000Z') ? `${iso.slice(0, -5)}Z` : iso.endsWith('00Z') ? `${iso.slice(0, -3)}Z` : `${iso.slice(0, -2)}Z`
}

/** Go's RFC3339 (whole seconds), as `token_issue_time` is written. */
export function issueTime(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}Z`
}

function hasher(options: FormatOptions, hmac: (value: string) => string): Hasher {
  return options.raw ? undefined : hmac
}

function metadataJson(meta: Record<string, string> | null): string | undefined {
  if (!meta || Object.keys(meta).length === 0) return undefined
  return auditJson(meta, undefined, undefined)
}

/** Runs of fields (`"k":v`, comma-separated, no braces) joined, the empty ones left out. */
function joinFields(...runs: (string | undefined)[]): string {
  let text = ''
  for (const run of runs) if (run !== undefined && run !== '') text = text === '' ? run : `${text},${run}`
  return text
}

/** The fields of an object's JSON text, without its braces. */
function fieldsOf(json: string): string {
  return json.slice(1, -1)
}

export function prepareParts(facts: AuditFacts, options: FormatOptions, hmac: (value: string) => string, cache: FormatCache): PreparedParts {
  const hash = hasher(options, hmac)
  const caller = callerParts(facts, options, hash, cache)
  const data = Object.keys(facts.req.data).length === 0 ? undefined : auditJson(facts.req.data, hash, facts.clearRequestKeys)
  const { req } = facts
  const requestHead = fieldsOf(new JsonFields().raw('data', data).safe('id', req.id).toString())
  const requestTail = fieldsOf(
    new JsonFields()
      .raw('namespace', ROOT_NAMESPACE)
      .safe('operation', facts.operation)
      .str('path', req.path)
      .str('remote_address', req.connection.remoteAddress)
      .num('remote_port', req.connection.remotePort)
      .toString(),
  )
  return { auth: caller.auth, clientToken: caller.clientToken, clientTokenAccessor: caller.clientTokenAccessor, data, requestHead: joinFields(caller.requestFields, requestHead), requestTail }
}

/** What depends only on the caller (its token and ACL decision), formatted once per device while it stays the same. */
function callerParts(facts: AuditFacts, options: FormatOptions, hash: Hasher, cache: FormatCache): Pick<CallerParts, 'auth' | 'clientToken' | 'clientTokenAccessor' | 'requestFields'> {
  const given = facts.req.clientToken
  const build = (): CallerParts => {
    const token = facts.caller?.token
    const clientToken = given === '' ? undefined : secretJson(given, hash)
    const accessor = token?.accessor ? secretJson(token.accessor, options.hmacAccessor ? hash : undefined) : undefined
    const requestFields = fieldsOf(new JsonFields().str('client_id', facts.caller?.clientId).raw('client_token', clientToken).raw('client_token_accessor', accessor).toString())
    return {
      facts: facts.caller,
      accessor: token?.accessor,
      displayName: token?.display_name,
      entityId: token?.entity_id,
      meta: token?.meta,
      policies: token?.policies,
      ttl: token && (token.lease_ttl ?? token.creation_ttl),
      type: token?.type,
      auth: authJson(facts, clientToken, accessor),
      clientToken,
      clientTokenAccessor: accessor,
      requestFields,
    }
  }
  // A refused token (no caller facts) is rare and logs an empty auth: not worth keeping.
  return facts.caller === undefined ? build() : cache.caller(given, facts.caller, build)
}

function authJson(facts: AuditFacts, clientToken: string | undefined, accessor: string | undefined): string {
  const caller = facts.caller
  if (!caller) return EMPTY_AUTH
  const token = caller.token
  const out = new JsonFields().raw('accessor', accessor).raw('client_token', clientToken)
  if (token) {
    out.str('display_name', token.display_name).str('entity_id', token.entity_id).raw('metadata', metadataJson(token.meta)).list('policies', token.policies)
  }
  out.raw('policy_results', caller.policyResults).num('remaining_uses', caller.remainingUses)
  if (token) {
    out.list('token_policies', token.policies).safe('token_issue_time', caller.issueTime).num('token_ttl', token.lease_ttl ?? token.creation_ttl)
  }
  return out.safe('token_type', token?.type ?? 'default').toString()
}

/**
 * The `request` object. Vault fills `mount_point` and `mount_accessor` while
 * routing, so request entries of reads lack them; writes have them from the
 * existence check, and every response entry has them.
 */
function requestJson(facts: AuditFacts, parts: PreparedParts, routed: boolean, cache: FormatCache): string {
  const mount = facts.mount
  const mountFields = mount ? (routed ? cache.mount(mount, mountParts).routedRequest : cache.mount(mount, mountParts).unroutedRequest) : undefined
  return `{${joinFields(parts.requestHead, mountFields, parts.requestTail)}}`
}

function mountParts(mount: MountEntry): MountParts {
  const request = (routed: boolean): string =>
    fieldsOf(
      new JsonFields()
        .str('mount_accessor', routed ? mount.accessor : undefined)
        .safe('mount_class', mount.class)
        .str('mount_point', routed ? mount.path : undefined)
        .str('mount_running_version', mount.running_plugin_version)
        .str('mount_type', mount.type)
        .toString(),
    )
  const response = fieldsOf(
    new JsonFields()
      .str('mount_accessor', mount.accessor)
      .safe('mount_class', mount.class)
      .str('mount_point', mount.path)
      .str('mount_running_plugin_version', mount.running_plugin_version)
      .str('mount_type', mount.type)
      .toString(),
  )
  return { routedRequest: request(true), unroutedRequest: request(false), response }
}

export function requestEntry(facts: AuditFacts, parts: PreparedParts, routed: boolean, error: string | undefined, time: string, cache: FormatCache): string {
  return new JsonFields()
    .raw('auth', parts.auth)
    .str('error', error)
    .raw('request', requestJson(facts, parts, routed, cache))
    .safe('time', time)
    .safe('type', 'request')
    .toString()
}

export function responseEntry(facts: AuditFacts, parts: PreparedParts, routed: boolean, outcome: Outcome, context: ResponseContext, time: string): string {
  return new JsonFields()
    .raw('auth', parts.auth)
    .str('error', outcome.error)
    .raw('request', requestJson(facts, parts, routed, context.cache))
    .raw('response', responseJson(facts, routed, outcome, context))
    .safe('time', time)
    .safe('type', 'response')
    .toString()
}

function responseData(outcome: Outcome): Record<string, unknown> | undefined {
  if (outcome.errorData !== undefined) return { error: outcome.errorData }
  const response = outcome.response
  if (!response) return undefined
  if (response.raw) {
    const body = response.raw.body
    return {
      http_content_type: response.raw.contentType,
      http_raw_body: typeof body === 'string' ? body : Buffer.from(body).toString('utf8'),
      http_status_code: response.raw.status,
    }
  }
  const data = response.data
  return data && Object.keys(data).length > 0 ? data : undefined
}

function responseJson(facts: AuditFacts, routed: boolean, outcome: Outcome, context: ResponseContext): string {
  const hash = hasher(context.options, context.hmac)
  const response = outcome.response
  let data = responseData(outcome)
  if (data && context.options.elideListResponses && facts.operation === 'list') data = elideListData(data)
  const mount = facts.mount
  return new JsonFields()
    .raw('auth', response?.auth ? issuedAuthJson(response.auth, context, hash) : undefined)
    .raw('data', data ? auditJson(data, hash, facts.clearResponseKeys, context.cache.frozenJson) : undefined)
    .fields(mount && routed ? context.cache.mount(mount, mountParts).response : undefined)
    .raw('secret', response?.lease ? new JsonFields().str('lease_id', response.lease.leaseId).toString() : undefined)
    .list('warnings', response?.warnings)
    .toString()
}

/** `response.auth`: the token a login or token create issued (its id and accessor hashed). */
function issuedAuthJson(block: NonNullable<LogicalResponse['auth']>, context: ResponseContext, hash: Hasher): string {
  const token = block.client_token ? context.issued(block.client_token) : undefined
  return new JsonFields()
    .raw('accessor', block.accessor ? secretJson(block.accessor, context.options.hmacAccessor ? hash : undefined) : undefined)
    .raw('client_token', block.client_token ? secretJson(block.client_token, hash) : undefined)
    .str('display_name', token?.display_name)
    .str('entity_id', block.entity_id)
    .list('identity_policies', block.identity_policies)
    .raw('metadata', metadataJson(block.metadata))
    .num('num_uses', block.num_uses)
    .list('policies', block.policies)
    .list('token_policies', block.token_policies)
    .safe('token_issue_time', token && token.creation_time_ms > 0 ? issueTime(token.creation_time_ms) : undefined)
    .num('token_ttl', block.lease_duration)
    .safe('token_type', block.token_type)
    .toString()
}

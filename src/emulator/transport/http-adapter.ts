/**
 * HTTP ⇄ logical translation shared by every transport (Fastify, msw): the
 * one place that knows Vault's wire format — operations from methods, bodies,
 * tokens from headers, the response envelope, 204s and error bodies.
 */
import type { Core } from '../core/core.js'
import { VaultError, invalidRequest, toErrorReply } from '../core/errors.js'
import type { AuthBlock, LogicalRequest, LogicalResponse } from '../core/request.js'
import { parseGoBool, toOperation } from '../core/request.js'
import { uuid } from '../core/ids.js'
import { jsonNumber, jsonString, jsonText } from './response-json.js'

export interface HttpRequest {
  method: string
  /** Path and query, e.g. `/v1/secret/data/x?version=2`. */
  url: string
  headers: Record<string, string | string[] | undefined>
  body: Uint8Array | undefined
  remoteAddress: string
  remotePort?: number
}

export interface HttpReply {
  status: number
  headers: Record<string, string>
  /** Undefined for bodiless replies (204, HEAD). */
  body: string | Uint8Array | undefined
}

export const MAX_REQUEST_BYTES = 32 * 1024 * 1024

/** Routes that take the raw body (a gzip'd snapshot), not JSON; handlers read `rawBody`. */
const RAW_BODY_ROUTES = new Set(['sys/storage/raft/snapshot', 'sys/storage/raft/snapshot-force'])

/** Routes whose `data` Vault also copies to the top level of the envelope (all under `sys/`). */
const INJECTED_ROUTES = [
  /^sys\/mounts(\/.*)?$/,
  /^sys\/auth(\/.*)?$/,
  /^sys\/policy(\/.*)?$/,
  /^sys\/capabilities(-self|-accessor)?$/,
  /^sys\/audit(\/.*)?$/,
  /^sys\/audit-hash\/.*$/,
  /^sys\/wrapping\/wrap$/,
  /^sys\/key-status$/,
  /^sys\/ha-status$/,
  /^sys\/rotate$/,
  /^sys\/remount$/,
  /^sys\/config\/cors$/,
  /^sys\/config\/auditing\/request-headers(\/.*)?$/,
]

function isInjectedRoute(path: string): boolean {
  if (!path.startsWith('sys/')) return false
  const bare = path.endsWith('/') ? path.slice(0, -1) : path
  return INJECTED_ROUTES.some((re) => re.test(bare))
}

function header(headers: HttpRequest['headers'], name: string): string | undefined {
  const value = headers[name]
  return Array.isArray(value) ? value[0] : value
}

/**
 * Headers with lower-case names and one string value each. Node's HTTP server
 * already hands them over so (but for a repeated `set-cookie`); those are
 * taken as they are, without a copy per request.
 */
function flatHeaders(headers: HttpRequest['headers']): Record<string, string | undefined> {
  for (const k in headers) {
    const v = headers[k]
    if ((v !== undefined && typeof v !== 'string') || k !== k.toLowerCase()) return copyFlat(headers)
  }
  return headers as Record<string, string | undefined>
}

function copyFlat(headers: HttpRequest['headers']): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {}
  // for-in rather than Object.entries: no array per header.
  for (const k in headers) {
    const v = headers[k]
    out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v
  }
  return out
}

/** `X-Vault-Token`, else the first `Authorization: Bearer` value. */
export function clientToken(headers: HttpRequest['headers']): string {
  const direct = header(headers, 'x-vault-token')
  if (direct) return direct.trim()
  const auth = headers['authorization']
  for (const value of Array.isArray(auth) ? auth : auth ? [auth] : []) {
    if (value.startsWith('Bearer ')) return value.slice('Bearer '.length).trim()
  }
  return ''
}

function jsonHeaders(extra?: Record<string, string>): Record<string, string> {
  return { 'content-type': 'application/json', 'cache-control': 'no-store', ...extra }
}

export function errorReply(err: unknown, extraHeaders?: Record<string, string>): HttpReply {
  const { status, body } = toErrorReply(err)
  return { status, headers: jsonHeaders(extraHeaders), body: JSON.stringify(body) }
}

function queryData(params: URLSearchParams): Record<string, unknown> {
  const data: Record<string, unknown> = {}
  for (const key of new Set(params.keys())) {
    if (key === 'list' || key === 'help') continue
    const values = params.getAll(key)
    data[key] = values.length === 1 ? values[0] : values
  }
  return data
}

function parseBody(body: Uint8Array | undefined, contentType: string | undefined): Record<string, unknown> {
  if (!body || body.length === 0) return {}
  const text = Buffer.from(body).toString('utf8')
  const first = text.trimStart()[0]
  if (contentType?.toLowerCase().startsWith('application/x-www-form-urlencoded') && first !== '{' && first !== '[') {
    const form = new URLSearchParams(text)
    const data: Record<string, unknown> = {}
    for (const key of new Set(form.keys())) data[key] = form.getAll(key).join(',')
    return data
  }
  if (text.trim() === '') return {}
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch (err) {
    throw invalidRequest(`failed to parse JSON input: ${goJsonError(err)}`)
  }
  if (parsed === null) return {}
  if (typeof parsed !== 'object' || Array.isArray(parsed)) {
    const kind = Array.isArray(parsed) ? 'array' : typeof parsed
    throw invalidRequest(`failed to parse JSON input: json: cannot unmarshal ${kind} into Go value of type map[string]interface {}`)
  }
  return parsed as Record<string, unknown>
}

function goJsonError(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err)
  if (/Unexpected end/i.test(message)) return 'unexpected EOF'
  return `invalid character in JSON input (${message.replace(/\s+/g, ' ').slice(0, 120)})`
}

/** Path and query of a request target, without the cost of a full URL parse. */
function splitUrl(url: string): { pathname: string; search: URLSearchParams | undefined } {
  const hash = url.indexOf('#')
  const target = hash === -1 ? url : url.slice(0, hash)
  const q = target.indexOf('?')
  if (q === -1) return { pathname: target, search: undefined }
  return { pathname: target.slice(0, q), search: new URLSearchParams(target.slice(q + 1)) }
}

/** Decode an HTTP request under `/v1/` into a logical request (throws VaultError). */
export function toLogicalRequest(http: HttpRequest): LogicalRequest {
  const { pathname, search } = splitUrl(http.url)
  const method = http.method.toUpperCase()
  const listParam = search === undefined ? null : search.get('list')
  const op = toOperation(method, listParam)
  if (!op) throw new VaultError('unsupported-operation', '')
  if (method === 'GET' && listParam !== null && listParam !== '' && parseGoBool(listParam) === undefined) {
    throw new VaultError('invalid-request', '')
  }
  let path = pathname.slice('/v1/'.length)
  // decodeURIComponent is dear even on plain text; without a '%' it would change nothing.
  if (path.includes('%')) {
    try {
      path = decodeURIComponent(path)
    } catch {
      throw invalidRequest('invalid path encoding')
    }
  }
  if (op === 'list' && !path.endsWith('/')) path += '/'
  const headers = flatHeaders(http.headers)
  let data: Record<string, unknown>
  if (op === 'update' || op === 'patch') {
    const contentType = headers['content-type']
    if (op === 'patch' && !(contentType ?? '').toLowerCase().split(';')[0]?.trim().startsWith('application/merge-patch+json')) {
      throw new VaultError('unsupported-media-type', `PATCH requires Content-Type of application/merge-patch+json, provided ${contentType ?? ''}`)
    }
    if (op === 'update' && path.endsWith('/')) throw invalidRequest("cannot write to a path ending in '/'")
    data = RAW_BODY_ROUTES.has(path) ? {} : parseBody(http.body, contentType)
  } else {
    data = search === undefined ? {} : queryData(search)
  }
  const request: LogicalRequest = {
    id: uuid(),
    operation: op,
    path,
    data,
    clientToken: clientToken(http.headers),
    connection: http.remotePort === undefined ? { remoteAddress: http.remoteAddress } : { remoteAddress: http.remoteAddress, remotePort: http.remotePort },
    headers,
  }
  if (http.body && http.body.length > 0) request.rawBody = http.body
  return request
}

/** The full envelope Vault sends with a 200. */
export function envelope(requestId: string, response: LogicalResponse, mountType: string | undefined): Record<string, unknown> {
  return {
    request_id: requestId,
    lease_id: response.lease?.leaseId ?? '',
    renewable: response.lease?.renewable ?? false,
    lease_duration: response.lease?.ttl ?? response.leaseDuration ?? 0,
    data: response.data ?? null,
    wrap_info: null,
    warnings: response.warnings && response.warnings.length > 0 ? response.warnings : null,
    auth: response.auth ? authForWire(response.auth) : null,
    mount_type: mountType ?? '',
  }
}

/**
 * `JSON.stringify(envelope(requestId, response, mountType))`, assembled from
 * its parts so that the data's shared read-only values are serialized once
 * (see `response-json.ts`).
 */
export function envelopeJson(requestId: string, response: LogicalResponse, mountType: string | undefined): string {
  const warnings = response.warnings && response.warnings.length > 0 ? JSON.stringify(response.warnings) : 'null'
  const auth = response.auth ? JSON.stringify(authForWire(response.auth)) : 'null'
  const lease = response.lease
  return (
    `{"request_id":${jsonString(requestId)},"lease_id":${jsonString(lease?.leaseId ?? '')}` +
    `,"renewable":${lease?.renewable === true ? 'true' : 'false'}` +
    `,"lease_duration":${jsonNumber(lease?.ttl ?? response.leaseDuration ?? 0)}` +
    `,"data":${jsonText(response.data ?? null) ?? 'null'},"wrap_info":null,"warnings":${warnings},"auth":${auth}` +
    `,"mount_type":${jsonString(mountType ?? '')}}`
  )
}

/** Vault omits `token_policies`/`identity_policies` when empty (Go `omitempty`). */
function authForWire(auth: AuthBlock): Record<string, unknown> {
  const out: Record<string, unknown> = { ...auth }
  if (auth.token_policies.length === 0) delete out['token_policies']
  if (!auth.identity_policies || auth.identity_policies.length === 0) delete out['identity_policies']
  return out
}

function isEmpty(response: LogicalResponse | undefined): boolean {
  if (!response) return true
  const hasData = response.data !== undefined && response.data !== null
  return !hasData && !response.auth && !response.lease && !(response.warnings && response.warnings.length > 0)
}

/** Serve one HTTP request under `/v1/` through the core. */
export async function serveVaultApi(core: Core, http: HttpRequest): Promise<HttpReply> {
  const ns = header(http.headers, 'x-vault-namespace')
  const extra = ns !== undefined ? { 'x-vault-namespace': ns } : undefined
  try {
    if (http.body && http.body.length > MAX_REQUEST_BYTES) {
      throw new VaultError('payload-too-large', 'http: request body too large')
    }
    const request = toLogicalRequest(http)
    const handled = await core.handle(request)
    const response = handled.response
    const isHead = http.method.toUpperCase() === 'HEAD'
    if (response?.raw) {
      const raw = response.raw
      return { status: raw.status, headers: { 'cache-control': 'no-store', 'content-type': raw.contentType, ...raw.headers, ...extra }, body: isHead ? undefined : raw.body }
    }
    const op = handled.operation
    if (isEmpty(response)) {
      if (op === 'read' || op === 'list' || op === 'header') return errorReply(new VaultError('unsupported-path', ''), extra)
      return { status: 204, headers: { 'cache-control': 'no-store', ...extra }, body: undefined }
    }
    const resp = response as LogicalResponse
    if (op === 'list' && !resp.warnings?.length) {
      const keys = resp.data?.['keys']
      if (!Array.isArray(keys) || keys.length === 0) return errorReply(new VaultError('unsupported-path', ''), extra)
    }
    const status = resp.status ?? 200
    if (isHead) return { status, headers: jsonHeaders(extra), body: undefined }
    const mountType = handled.mount?.type
    const text = resp.data && isInjectedRoute(request.path)
      ? JSON.stringify({ ...resp.data, ...envelope(request.id, resp, mountType) })
      : envelopeJson(request.id, resp, mountType)
    return { status, headers: jsonHeaders(extra), body: text }
  } catch (err) {
    return errorReply(err, extra)
  }
}

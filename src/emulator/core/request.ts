/** The request and response objects the core speaks: Vault's logical layer, not HTTP. */
import type { SecretSpec } from './leases.js'

export type Operation = 'create' | 'read' | 'update' | 'patch' | 'delete' | 'list' | 'header'

/** Maps an HTTP method (and `?list=`) to Vault's operation, as Vault's HTTP layer does. */
export function toOperation(method: string, listParam: string | null): Operation | undefined {
  switch (method) {
    case 'LIST':
      return 'list'
    case 'GET':
      return listParam !== null && listParam !== '' && parseGoBool(listParam) === true ? 'list' : 'read'
    case 'HEAD':
      return 'header'
    case 'POST':
    case 'PUT':
      return 'update' // the core turns it into 'create' when the existence check says so
    case 'PATCH':
      return 'patch'
    case 'DELETE':
      return 'delete'
    default:
      return undefined
  }
}

/** Go's strconv.ParseBool: the values Vault accepts for `?list=`. */
export function parseGoBool(value: string): boolean | undefined {
  switch (value) {
    case '1':
    case 't':
    case 'T':
    case 'true':
    case 'TRUE':
    case 'True':
      return true
    case '0':
    case 'f':
    case 'F':
    case 'false':
    case 'FALSE':
    case 'False':
      return false
    default:
      return undefined
  }
}

export interface Connection {
  remoteAddress: string
  remotePort?: number
}

export interface LogicalRequest {
  /** UUID of this request (echoed as `request_id`, recorded in audit). */
  id: string
  operation: Operation
  /** Path below `/v1/`, without a leading slash. */
  path: string
  /** Fields from the JSON/form body (writes) or the query string (reads). */
  data: Record<string, unknown>
  /** The client token, `''` when none was sent. */
  clientToken: string
  connection: Connection
  /** Request headers, lower-cased names. */
  headers: Record<string, string | undefined>
  /** The raw body, for the few endpoints that take bytes (snapshot restore). */
  rawBody?: Uint8Array
}

/** A secret handed out with a lease. */
export interface LeaseInfo {
  leaseId: string
  ttl: number
  renewable: boolean
}

/** The `auth` block of a login, token create or token renew. */
export interface AuthBlock {
  client_token: string
  accessor: string
  policies: string[]
  token_policies: string[]
  identity_policies?: string[]
  metadata: Record<string, string> | null
  lease_duration: number
  renewable: boolean
  entity_id: string
  token_type: 'service' | 'batch'
  orphan: boolean
  mfa_requirement: null
  num_uses: number
}

/** A body sent as is, outside the envelope (sys/health, PKI PEMs, snapshots). */
export interface RawReply {
  status: number
  contentType: string
  body: string | Uint8Array
  headers?: Record<string, string>
}

export interface LogicalResponse {
  data?: Record<string, unknown> | null
  /** Ask the core to register a lease for this response (dynamic secrets). */
  secret?: SecretSpec
  auth?: AuthBlock | null
  lease?: LeaseInfo
  /** A TTL shown as `lease_duration` without a lease (KV v1's refresh interval). */
  leaseDuration?: number
  warnings?: string[]
  /** Send this status with the envelope (KV v2's 404 with metadata, 202 tidies). */
  status?: number
  raw?: RawReply
}

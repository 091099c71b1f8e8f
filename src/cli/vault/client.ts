/**
 * The HTTP client behind the vault-style commands: the address comes from
 * `VAULT_ADDR` (default `http://127.0.0.1:8200`), the token from `VAULT_TOKEN`
 * or else `~/.vault-token`, like the real CLI. Sends `X-Vault-Token` and
 * `X-Vault-Request: true`; a LIST goes out as `GET ...?list=true`.
 *
 * @example
 * const client = await VaultClient.fromIo(io)
 * const secret = await client.read('secret/data/myapp') // undefined on a bare 404
 * await client.write('sys/policies/acl/app', { policy: text })
 */
import { readFile, writeFile } from 'node:fs/promises'
import { join, posix } from 'node:path'
import type { VaultCliIo } from './command.js'
import { OutputPolicyRequest } from './output-policy.js'

/** vault's default address, but over http: the emulator does not serve TLS. */
export const DEFAULT_VAULT_ADDR = 'http://127.0.0.1:8200'

/** The `auth` block of a response, as vault's API client models it. */
export interface SecretAuth {
  client_token: string
  accessor: string
  policies: string[] | null
  token_policies: string[] | null
  identity_policies?: string[] | null
  metadata: Record<string, string> | null
  orphan: boolean
  entity_id: string
  lease_duration: number
  renewable: boolean
  mfa_requirement?: unknown
}

/** A Vault API response body (vault's `api.Secret`). */
export interface VaultSecret {
  request_id?: string
  lease_id?: string
  lease_duration?: number
  renewable?: boolean
  data?: Record<string, unknown> | null
  warnings?: string[] | null
  auth?: SecretAuth | null
  wrap_info?: Record<string, unknown> | null
  mount_type?: string
}

/**
 * A non-2xx reply. `message` is the block the vault CLI prints:
 * `Error making API request.\n\nURL: GET <url>\nCode: 403. Errors:\n\n* permission denied`.
 */
export class ApiError extends Error {
  override name = 'ApiError'
  constructor(
    readonly method: string,
    readonly url: string,
    readonly status: number,
    readonly errors: string[],
    readonly rawError = false,
  ) {
    super(
      `Error making API request.\n\nURL: ${method} ${url}\nCode: ${status}. ${rawError ? 'Raw Message' : 'Errors'}:\n\n` +
        (rawError && errors.length === 1 ? errors[0] : errors.map((e) => `* ${e}`).join('')),
    )
  }
}

/** The server could not be reached; `message` reads like Go's `url.Error`. */
export class ConnectionError extends Error {
  override name = 'ConnectionError'
}

/** Options of one request. */
export interface RequestOptions {
  /** JSON body. */
  body?: unknown
  /** Raw body (raft snapshots), sent as application/octet-stream. */
  raw?: Uint8Array<ArrayBuffer>
  query?: Record<string, string>
  /** Overrides the client's token for this request (`login` checks a token before storing it). */
  token?: string
}

/** A decoded reply. */
export interface ClientReply {
  status: number
  /** Parsed JSON, or undefined for an empty body. */
  json: unknown
  bytes: Uint8Array
}

export class VaultClient {
  /**
   * `-output-policy`: throw {@link OutputPolicyRequest} in place of sending, except for the
   * KV preflight (`sys/internal/ui/mounts/...`), which the real path depends on.
   */
  recordOnly = false

  constructor(
    readonly address: string,
    public token: string | undefined,
  ) {}

  /** A client for the environment of one command run. */
  static async fromIo(io: VaultCliIo): Promise<VaultClient> {
    const address = (io.env['VAULT_ADDR'] || DEFAULT_VAULT_ADDR).replace(/\/+$/, '')
    const client = new VaultClient(address, io.env['VAULT_TOKEN'] || (await readTokenFile(io.home)))
    client.recordOnly = io.outputPolicy === true
    return client
  }

  /**
   * The URL vault would print for `path` (`LIST` shown as `GET ?list=true`). Like vault's
   * API client (Go's `path.Join`), it drops a trailing slash and collapses `//` and `..`:
   * `vault lease revoke -prefix database/creds/app/` sends `.../revoke-prefix/database/creds/app`.
   */
  url(path: string, query?: Record<string, string>): string {
    const qs = query && Object.keys(query).length > 0 ? `?${new URLSearchParams(query).toString()}` : ''
    return `${this.address}/v1/${apiPath(path)}${qs}`
  }

  /** Sends one request; throws {@link ApiError} on a status of 400 or more. */
  async request(method: string, path: string, options: RequestOptions = {}): Promise<ClientReply> {
    let query = options.query
    if (method === 'LIST') {
      method = 'GET'
      query = { ...query, list: 'true' }
    }
    const bare = apiPath(path)
    if (this.recordOnly && !bare.startsWith('sys/internal/ui/mounts/')) throw new OutputPolicyRequest({ method, path: bare, ...(query ? { query } : {}) })
    const url = this.url(path, query)
    const headers: Record<string, string> = { 'X-Vault-Request': 'true' }
    const token = options.token ?? this.token
    if (token) headers['X-Vault-Token'] = token
    let body: string | Uint8Array<ArrayBuffer> | undefined
    if (options.raw) {
      body = options.raw
      headers['Content-Type'] = 'application/octet-stream'
    } else if (options.body !== undefined) {
      body = JSON.stringify(options.body)
      // vault's JSONMergePatch sends PATCH as a merge patch; Vault answers 415 to anything else.
      headers['Content-Type'] = method === 'PATCH' ? 'application/merge-patch+json' : 'application/json'
    }
    let res: Response
    try {
      res = await fetch(url, { method, headers, ...(body !== undefined ? { body } : {}) })
    } catch (err) {
      throw new ConnectionError(describeFetchFailure(method, url, err))
    }
    const bytes = new Uint8Array(await res.arrayBuffer())
    const text = Buffer.from(bytes).toString('utf8')
    let json: unknown
    let parsed = true
    if (text.trim() !== '') {
      try {
        json = JSON.parse(text)
      } catch {
        parsed = false
      }
    }
    if (res.status >= 400) {
      const errors = (json as { errors?: unknown } | undefined)?.errors
      if (parsed && Array.isArray(errors)) throw new ApiError(method, url, res.status, errors.map(String))
      throw new ApiError(method, url, res.status, [text], true)
    }
    return { status: res.status, json, bytes }
  }

  /** GET; `undefined` when the server answers 404 without errors (nothing stored there). */
  async read(path: string, query?: Record<string, string>): Promise<VaultSecret | undefined> {
    return this.orNotFound(() => this.request('GET', path, query ? { query } : {}))
  }

  /** LIST; `undefined` on a bare 404 (nothing under the prefix). */
  async list(path: string): Promise<VaultSecret | undefined> {
    return this.orNotFound(() => this.request('LIST', path))
  }

  /** PUT with a JSON body, as vault's `Logical().Write`; `undefined` for 204. */
  async write(path: string, data: unknown = {}): Promise<VaultSecret | undefined> {
    return (await this.request('PUT', path, { body: data })).json as VaultSecret | undefined
  }

  /** POST with a JSON body (some sys endpoints). */
  async post(path: string, data: unknown = {}): Promise<VaultSecret | undefined> {
    return (await this.request('POST', path, { body: data })).json as VaultSecret | undefined
  }

  async delete(path: string, query?: Record<string, string>): Promise<VaultSecret | undefined> {
    return (await this.request('DELETE', path, query ? { query } : {})).json as VaultSecret | undefined
  }

  private async orNotFound(send: () => Promise<ClientReply>): Promise<VaultSecret | undefined> {
    try {
      return (await send()).json as VaultSecret | undefined
    } catch (err) {
      if (err instanceof ApiError && err.status === 404 && err.errors.length === 0) return undefined
      throw err
    }
  }
}

/** `path` as vault's API client sends it (Go's `path.Join`): no leading or trailing slash, `//` and `..` resolved. */
export function apiPath(path: string): string {
  return posix.join('/', path).replace(/^\/+|\/+$/g, '')
}

/** The token `vault login` stored, or undefined. */
export async function readTokenFile(home: string): Promise<string | undefined> {
  try {
    return (await readFile(tokenFilePath(home), 'utf8')).trim() || undefined
  } catch {
    return undefined
  }
}

/** Stores a token where the vault CLI's default token helper keeps it (mode 0600). */
export async function writeTokenFile(home: string, token: string): Promise<void> {
  await writeFile(tokenFilePath(home), token, { mode: 0o600 })
}

export function tokenFilePath(home: string): string {
  return join(home, '.vault-token')
}

function describeFetchFailure(method: string, url: string, err: unknown): string {
  const goMethod = method.charAt(0) + method.slice(1).toLowerCase()
  const cause = (err as { cause?: { code?: string; address?: string; port?: number; message?: string } }).cause
  const host = new URL(url).host
  if (cause?.code === 'ECONNREFUSED') return `${goMethod} "${url}": dial tcp ${host}: connect: connection refused`
  if (cause?.code === 'ENOTFOUND') return `${goMethod} "${url}": dial tcp: lookup ${new URL(url).hostname}: no such host`
  return `${goMethod} "${url}": ${cause?.message ?? (err as Error).message}`
}

/**
 * Calling the Vault API in-process, through the same HTTP translation the
 * servers use, without a socket. Used by `vault.request()`, msw and tests.
 *
 * @example
 * const reply = await callVault(core, 'GET', 'secret/data/app', { token: 'root' })
 * reply.status // 200
 * reply.json   // { request_id: ..., data: { data: {...}, metadata: {...} }, ... }
 */
import type { Core } from '../core/core.js'
import { serveVaultApi } from './http-adapter.js'
import type { HttpReply } from './http-adapter.js'

export interface CallOptions {
  token?: string
  data?: unknown
  headers?: Record<string, string>
  remoteAddress?: string
}

export interface CallResult {
  status: number
  headers: Record<string, string>
  /** The parsed JSON body, or undefined for bodiless replies. */
  json: unknown
  /** The raw reply body. */
  body: HttpReply['body']
}

export async function callVault(core: Core, method: string, path: string, options: CallOptions = {}): Promise<CallResult> {
  const headers: Record<string, string> = { ...options.headers }
  if (options.token !== undefined) headers['x-vault-token'] = options.token
  const upper = method.toUpperCase()
  let url = `/v1/${path.replace(/^\/+/, '')}`
  let body: Uint8Array | undefined
  if (options.data !== undefined) {
    if (upper === 'GET' || upper === 'DELETE' || upper === 'LIST' || upper === 'HEAD') {
      const params = new URLSearchParams()
      for (const [k, v] of Object.entries(options.data as Record<string, unknown>)) params.append(k, String(v))
      url += (url.includes('?') ? '&' : '?') + params.toString()
    } else {
      body = Buffer.from(typeof options.data === 'string' ? options.data : JSON.stringify(options.data))
      headers['content-type'] ??= upper === 'PATCH' ? 'application/merge-patch+json' : 'application/json'
    }
  }
  const reply = await serveVaultApi(core, { method: upper, url, headers, body, remoteAddress: options.remoteAddress ?? '127.0.0.1' })
  let json: unknown
  if (typeof reply.body === 'string' && reply.headers['content-type'] === 'application/json') json = JSON.parse(reply.body)
  return { status: reply.status, headers: reply.headers, json, body: reply.body }
}

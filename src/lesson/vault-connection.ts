/**
 * How a lesson check talks to the learner's Vault: VAULT_ADDR and VAULT_TOKEN
 * (or `~/.vault-token`, where `vault login` keeps it), like the vault CLI, over
 * real HTTP, so the check sees what any client would.
 */
import { readFile } from 'node:fs/promises'
import { homedir } from 'node:os'
import { join } from 'node:path'

export const DEFAULT_VAULT_ADDR = 'http://127.0.0.1:8200'

export interface VaultConnection {
  /** Without a trailing slash, e.g. `http://127.0.0.1:8200`. */
  addr: string
  /** `''` when neither VAULT_TOKEN nor `~/.vault-token` holds one. */
  token: string
  /** Where the token came from, for messages. */
  tokenSource: 'VAULT_TOKEN' | '~/.vault-token' | 'none'
}

export interface VaultReply {
  status: number
  /** The parsed JSON body; undefined for an empty or non-JSON body. */
  json: unknown
}

/** The emulator did not answer at all (refused, DNS, timeout). */
export class VaultUnreachableError extends Error {
  override name = 'VaultUnreachableError'
}

export async function connectionFromEnv(env: NodeJS.ProcessEnv): Promise<VaultConnection> {
  const addr = (env['VAULT_ADDR'] || DEFAULT_VAULT_ADDR).replace(/\/+$/, '')
  const fromEnv = env['VAULT_TOKEN']?.trim()
  if (fromEnv) return { addr, token: fromEnv, tokenSource: 'VAULT_TOKEN' }
  const home = env['HOME'] || homedir()
  const saved = await readFile(join(home, '.vault-token'), 'utf8').then((t) => t.trim(), () => '')
  return saved ? { addr, token: saved, tokenSource: '~/.vault-token' } : { addr, token: '', tokenSource: 'none' }
}

/**
 * One API call. `path` is Vault's (`secret/data/x`, sent under `/v1/`) or an
 * emulator control (`/_emu/clock`, sent as is). `token` overrides the connection's.
 */
export async function vaultRequest(
  conn: VaultConnection,
  method: string,
  path: string,
  options: { body?: unknown; token?: string } = {},
): Promise<VaultReply> {
  const url = path.startsWith('/_emu/') ? `${conn.addr}${path}` : `${conn.addr}/v1/${path.replace(/^\/+/, '')}`
  const headers: Record<string, string> = { 'X-Vault-Token': options.token ?? conn.token }
  if (options.body !== undefined) headers['Content-Type'] = 'application/json'
  let res: Response
  try {
    // LIST as `GET ?list=true`: fetch would send the LIST verb, but some proxies refuse it.
    const listing = method === 'LIST'
    res = await fetch(listing ? `${url}?list=true` : url, {
      method: listing ? 'GET' : method,
      headers,
      ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
      signal: AbortSignal.timeout(30_000),
    })
  } catch (err) {
    const cause = (err as { cause?: { code?: string; message?: string } }).cause
    throw new VaultUnreachableError(cause?.code ?? cause?.message ?? (err instanceof Error ? err.message : String(err)))
  }
  const text = await res.text()
  let json: unknown
  try {
    json = text ? JSON.parse(text) : undefined
  } catch {
    json = undefined
  }
  return { status: res.status, json }
}

/** `errors` of a Vault error reply, joined; `''` when there are none. */
export function replyErrors(reply: VaultReply): string {
  const errors = (reply.json as { errors?: unknown } | undefined)?.errors
  return Array.isArray(errors) ? errors.map(String).join('; ') : ''
}

/** `data` of a Vault reply as an object, or undefined. */
export function replyData(reply: VaultReply): Record<string, unknown> | undefined {
  const data = (reply.json as { data?: unknown } | undefined)?.data
  return data !== null && typeof data === 'object' && !Array.isArray(data) ? (data as Record<string, unknown>) : undefined
}

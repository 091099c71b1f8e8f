/**
 * The `connection_url` of a postgres connection: Vault substitutes the
 * configured `username`/`password` into `{{username}}`/`{{password}}`
 * (URL-escaped unless `disable_escaping`), then hands the result to the
 * driver. Both URL (`postgresql://...`) and `key=value` forms are accepted.
 */
import type { ClientConfig } from 'pg'
import { pathEscape } from './scrub.js'

/** Where a connection goes, for pgx-style error texts. */
export interface ConnectionTarget {
  host: string
  port: number
  user: string
  database: string
}

export interface ResolvedConnection {
  config: ClientConfig
  target: ConnectionTarget
}

export function renderConnectionUrl(url: string, username: string, password: string, disableEscaping: boolean): string {
  const user = disableEscaping ? username : pathEscape(username)
  const pass = disableEscaping ? password : pathEscape(password)
  return url.split('{{username}}').join(user).split('{{password}}').join(pass)
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text)
  } catch {
    return text
  }
}

/** Parse `key=value key='quoted value'` (libpq's conninfo). */
function parseKeyValue(text: string): Map<string, string> {
  const out = new Map<string, string>()
  const re = /([A-Za-z_]+)\s*=\s*('(?:[^'\\]|\\.)*'|\S*)/g
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const raw = m[2] ?? ''
    out.set((m[1] ?? '').toLowerCase(), raw.startsWith("'") ? raw.slice(1, -1).replace(/\\(.)/g, '$1') : raw)
  }
  return out
}

function sslFrom(mode: string | undefined): ClientConfig['ssl'] {
  if (mode === undefined || mode === 'disable' || mode === 'allow' || mode === 'prefer') return false
  return mode === 'verify-full' || mode === 'verify-ca' ? true : { rejectUnauthorized: false }
}

/** Driver settings and target for a rendered connection string; throws on an unparseable one. */
export function resolveConnection(rendered: string): ResolvedConnection {
  if (/^postgres(ql)?:\/\//i.test(rendered)) {
    let url: URL
    try {
      url = new URL(rendered)
    } catch {
      throw new Error('cannot parse connection url')
    }
    const params = url.searchParams
    const host = decode(url.hostname).replace(/^\[|\]$/g, '') || params.get('host') || 'localhost'
    const port = Number(url.port || params.get('port') || 5432)
    const user = decode(url.username) || params.get('user') || 'postgres'
    const database = decode(url.pathname.replace(/^\//, '')) || params.get('dbname') || user
    const config: ClientConfig = { host, port, user, database, password: decode(url.password), ssl: sslFrom(params.get('sslmode') ?? undefined) }
    const timeout = params.get('connect_timeout')
    if (timeout) config.connectionTimeoutMillis = Number(timeout) * 1000
    const appName = params.get('application_name')
    if (appName) config.application_name = appName
    return { config, target: { host, port, user, database } }
  }
  const kv = parseKeyValue(rendered)
  if (kv.size === 0) throw new Error('cannot parse connection url')
  const host = kv.get('host') ?? 'localhost'
  const port = Number(kv.get('port') ?? 5432)
  const user = kv.get('user') ?? 'postgres'
  const database = kv.get('dbname') ?? user
  const config: ClientConfig = { host, port, user, database, password: kv.get('password') ?? '', ssl: sslFrom(kv.get('sslmode')) }
  const timeout = kv.get('connect_timeout')
  if (timeout) config.connectionTimeoutMillis = Number(timeout) * 1000
  const appName = kv.get('application_name')
  if (appName) config.application_name = appName
  return { config, target: { host, port, user, database } }
}

/** Whether a URL carries a literal password in its userinfo (Vault warns about it). */
export function hasLiteralPassword(url: string): boolean {
  const m = /^[a-z][a-z0-9+.-]*:\/\/([^@/]*)@/i.exec(url)
  if (!m) return false
  const userinfo = m[1] ?? ''
  if (/[{}]/.test(userinfo)) return false
  return userinfo.includes(':')
}

/** Go's `url.Redacted()`: a literal userinfo password becomes `xxxxx`; templates stay. */
export function redactConnectionUrl(url: string): string {
  if (!hasLiteralPassword(url)) return url
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:@/]*:)[^@/]*@/i, '$1xxxxx@')
}

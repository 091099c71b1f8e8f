/**
 * The postgres plugin's `Initialize`: turning a connection's stored
 * `connection_details` into settings, with Vault's validation messages
 * (`connection_url cannot be empty`, `invalid username template: ...`).
 * `mapstructure.WeakDecode` semantics: numbers may arrive as strings.
 */
import { parseDurationSeconds } from '../../../core/duration.js'
import { parseGoBool } from '../../../core/request.js'
import { DEFAULT_POSTGRES_USERNAME_TEMPLATE, parseUsernameTemplate } from './username-template.js'
import type { UsernameTemplate } from './username-template.js'

export type PasswordAuthentication = 'password' | 'scram-sha-256'

export interface PostgresSettings {
  connectionUrl: string
  username: string
  password: string
  disableEscaping: boolean
  maxOpenConnections: number
  maxIdleConnections: number
  /** 0 = connections live forever. */
  maxConnectionLifetimeSeconds: number
  usernameTemplate: UsernameTemplate
  passwordAuthentication: PasswordAuthentication
}

function text(details: Record<string, unknown>, key: string): string {
  const v = details[key]
  if (v === undefined || v === null) return ''
  if (typeof v === 'string') return v
  if (typeof v === 'number' || typeof v === 'boolean') return String(v)
  throw new Error(`1 error(s) decoding:\n\n* '${key}' expected type 'string', got unconvertible type '${Array.isArray(v) ? '[]interface {}' : 'map[string]interface {}'}'`)
}

function int(details: Record<string, unknown>, key: string): number {
  const v = details[key]
  if (v === undefined || v === null || v === '') return 0
  if (typeof v === 'number' && Number.isFinite(v)) return Math.trunc(v)
  if (typeof v === 'string' && /^\s*[-+]?\d+\s*$/.test(v)) return Number.parseInt(v, 10)
  if (typeof v === 'boolean') return v ? 1 : 0
  throw new Error(`1 error(s) decoding:\n\n* cannot parse '${key}' as int: strconv.ParseInt: parsing ${JSON.stringify(String(v))}: invalid syntax`)
}

function bool(details: Record<string, unknown>, key: string): boolean {
  const v = details[key]
  if (v === undefined || v === null || v === '') return false
  if (typeof v === 'boolean') return v
  if (typeof v === 'number') return v !== 0
  const parsed = typeof v === 'string' ? parseGoBool(v) : undefined
  if (parsed === undefined) throw new Error(`1 error(s) decoding:\n\n* cannot parse '${key}' as bool: strconv.ParseBool: parsing ${JSON.stringify(String(v))}: invalid syntax`)
  return parsed
}

/** Validate and decode; throws with the text Vault puts after `error creating database object: `. */
export function decodeSettings(details: Record<string, unknown>, nowMs: number): PostgresSettings {
  const connectionUrl = text(details, 'connection_url')
  const username = text(details, 'username')
  const password = text(details, 'password')
  const disableEscaping = bool(details, 'disable_escaping')
  const maxOpen = int(details, 'max_open_connections') || 4
  let maxIdle = int(details, 'max_idle_connections') || maxOpen
  if (maxIdle > maxOpen) maxIdle = maxOpen
  if (connectionUrl === '') throw new Error('connection_url cannot be empty')
  if ([username, password].some((s) => s.includes('{{username}}') || s.includes('{{password}}'))) {
    throw new Error('username and/or password cannot contain the template variables')
  }
  let lifetime: number
  try {
    lifetime = parseDurationSeconds(details['max_connection_lifetime'] ?? '0s')
  } catch (err) {
    throw new Error(`invalid max_connection_lifetime: ${err instanceof Error ? err.message : String(err)}`)
  }
  const templateSource = text(details, 'username_template') || DEFAULT_POSTGRES_USERNAME_TEMPLATE
  let usernameTemplate: UsernameTemplate
  try {
    usernameTemplate = parseUsernameTemplate(templateSource)
  } catch (err) {
    throw new Error(`unable to initialize username template: ${err instanceof Error ? err.message : String(err)}`)
  }
  try {
    usernameTemplate.render({ DisplayName: '', RoleName: '' }, nowMs)
  } catch (err) {
    throw new Error(`invalid username template: ${err instanceof Error ? err.message : String(err)}`)
  }
  const auth = text(details, 'password_authentication') || 'password'
  if (auth !== 'password' && auth !== 'scram-sha-256') throw new Error(`'${auth}' is not a valid password authentication type`)
  return {
    connectionUrl,
    username,
    password,
    disableEscaping,
    maxOpenConnections: maxOpen,
    maxIdleConnections: maxIdle,
    maxConnectionLifetimeSeconds: lifetime,
    usernameTemplate,
    passwordAuthentication: auth,
  }
}

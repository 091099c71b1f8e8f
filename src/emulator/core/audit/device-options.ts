/**
 * The options of `sys/audit/<path>` for each device type, validated once when
 * the device is enabled (and again when it is restored from storage).
 * Messages follow Vault 1.17's audit option parsing.
 */
import { invalidRequest } from '../errors.js'
import { parseGoBool } from '../request.js'

/** `file` and `syslog` as in Vault; `memory` is the emulator's own: entries kept for `vault.audit.entries()`. */
export type DeviceType = 'file' | 'syslog' | 'memory'

/** Where and how a `syslog` device sends its entries. */
export interface SyslogSettings {
  /** `facility` as its number (AUTH: 4). */
  facility: number
  /** `tag`: the program name in each message. */
  tag: string
  /** `address` (vault-emu's own option): the syslog daemon's UDP host and port. */
  host: string
  port: number
}

export interface DeviceSettings {
  type: DeviceType
  /** A file path, or the special values `stdout` and `discard` (file devices only). */
  filePath: string
  /** File mode to set on the log file; undefined keeps the file's mode (`mode=0000`). */
  mode: number | undefined
  /** `log_raw`: write sensitive values in the clear. */
  raw: boolean
  /** `hmac_accessor`: hash token accessors (default true). */
  hmacAccessor: boolean
  /** `elide_list_responses`: list responses' `keys`/`key_info` become counts. */
  elideListResponses: boolean
  /** Written before each JSON line. */
  prefix: string
  /** `skip_test`: do not write the test entry when the device is enabled. */
  skipTest: boolean
  /** Syslog devices only. */
  syslog: SyslogSettings | undefined
}

const DEFAULT_MODE = 0o600
const KNOWN_ELSEWHERE = new Set(['socket'])

/** go-gsyslog's facility names (upper-cased before the look-up, as there). */
const FACILITIES: Readonly<Record<string, number>> = {
  KERN: 0, USER: 1, MAIL: 2, DAEMON: 3, AUTH: 4, SYSLOG: 5, LPR: 6, NEWS: 7, UUCP: 8, CRON: 9, AUTHPRIV: 10, FTP: 11,
  LOCAL0: 16, LOCAL1: 17, LOCAL2: 18, LOCAL3: 19, LOCAL4: 20, LOCAL5: 21, LOCAL6: 22, LOCAL7: 23,
}

const DEFAULT_SYSLOG_PORT = 514

/** `host`, `host:port`, `[v6]` or `[v6]:port`. */
function syslogAddress(raw: string | undefined): { host: string; port: number } {
  if (raw === undefined || raw.trim() === '') return { host: '127.0.0.1', port: DEFAULT_SYSLOG_PORT }
  const m = /^(?:\[([^\]]+)\]|([^:\[\]]+))(?::(\d{1,5}))?$/.exec(raw.trim())
  const port = m?.[3] === undefined ? DEFAULT_SYSLOG_PORT : Number(m[3])
  const host = m?.[1] ?? m?.[2]
  if (host === undefined || port < 1 || port > 65535) throw invalidRequest('unable to parse "address": invalid configuration')
  return { host, port }
}

function syslogSettings(options: Record<string, string>): SyslogSettings {
  const facilityName = (options['facility'] ?? 'AUTH').toUpperCase()
  const facility = FACILITIES[facilityName]
  if (facility === undefined) throw invalidRequest(`cannot create syslog logger: invalid syslog facility: ${facilityName}`)
  return { facility, tag: options['tag'] ?? 'vault', ...syslogAddress(options['address']) }
}

function flag(options: Record<string, string>, name: string, fallback: boolean): boolean {
  const raw = options[name]
  if (raw === undefined) return fallback
  const value = parseGoBool(raw)
  if (value === undefined) throw invalidRequest(`unable to parse ${JSON.stringify(name)}: invalid configuration`)
  return value
}

function fileMode(raw: string | undefined): number | undefined {
  if (raw === undefined) return DEFAULT_MODE
  if (!/^[0-7]{1,6}$/.test(raw)) throw invalidRequest(`unable to parse ${JSON.stringify('mode')}: invalid configuration`)
  const mode = Number.parseInt(raw, 8)
  return mode === 0 ? undefined : mode
}

function normaliseFilePath(raw: string): string {
  const lower = raw.toLowerCase()
  return lower === 'stdout' || lower === 'discard' ? lower : raw
}

export function parseDeviceOptions(type: string, options: Record<string, string>): DeviceSettings {
  if (KNOWN_ELSEWHERE.has(type)) {
    throw invalidRequest(`audit device type ${JSON.stringify(type)} is not supported by vault-emu: use "file" or "memory"`)
  }
  if (type !== 'file' && type !== 'syslog' && type !== 'memory') throw invalidRequest(`unknown backend type: ${JSON.stringify(type)}`)
  const format = options['format']
  if (format !== undefined && format !== '' && format !== 'json') {
    if (format === 'jsonx') throw invalidRequest('unsupported "format": vault-emu writes "json" only')
    throw invalidRequest('unsupported "format": invalid configuration')
  }
  let filePath = ''
  if (type === 'file') {
    // `path` is the option's old name, still accepted by Vault.
    const given = options['file_path'] ?? options['path']
    if (given === undefined || given.trim() === '') throw invalidRequest('"file_path" is required: invalid configuration')
    filePath = normaliseFilePath(given.trim())
  }
  return {
    type,
    filePath,
    mode: fileMode(options['mode']),
    raw: flag(options, 'log_raw', false),
    hmacAccessor: flag(options, 'hmac_accessor', true),
    elideListResponses: flag(options, 'elide_list_responses', false),
    prefix: options['prefix'] ?? '',
    skipTest: options['skip_test'] === 'true',
    syslog: type === 'syslog' ? syslogSettings(options) : undefined,
  }
}

/**
 * The options of `sys/audit/<path>` for each device type, validated once when
 * the device is enabled (and again when it is restored from storage).
 * Messages follow Vault 1.17's audit option parsing.
 */
import { invalidRequest } from '../errors.js'
import { parseGoBool } from '../request.js'

/** `file` as in Vault; `memory` is the emulator's own: entries kept for `vault.audit.entries()`. */
export type DeviceType = 'file' | 'memory'

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
}

const DEFAULT_MODE = 0o600
const KNOWN_ELSEWHERE = new Set(['syslog', 'socket'])

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
  if (type !== 'file' && type !== 'memory') throw invalidRequest(`unknown backend type: ${JSON.stringify(type)}`)
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
  }
}

/**
 * The vault CLI's ways of printing a response: `-format=table` (default, or
 * `VAULT_FORMAT`), `json`, `yaml`, and `-field=` for one raw value. Every
 * function returns the exit code the real CLI uses (0, or 1 for a bad format
 * or a missing field).
 *
 * @example
 * const out = outputOptions(io, flags)          // from OUTPUT_FLAGS
 * return printSecret(io, secret, out)           // Key/Value table, JSON, YAML or one field
 * return printList(io, secret, out)             // "Keys" column
 * success(io, 'Success! Data written to: secret/foo')
 */
import { stringify as yamlStringify } from 'yaml'
import type { SecretAuth, VaultSecret } from './client.js'
import type { VaultCliIo } from './command.js'
import { humanDuration, looksLikeDuration } from './duration.js'
import { compareStrings, goJson, goQuotedList, goValue } from './go-format.js'
import { columns, keyValueTable } from './table.js'
import { wrapAtLength } from './wrap.js'

/** How to print: a format name and an optional single field. */
export interface OutputOptions {
  format: string
  field?: string | undefined
}

const FORMATS = new Set(['table', 'json', 'yaml', 'yml'])

/** Resolves `-format` (falling back to `VAULT_FORMAT`, then `table`) and `-field`. */
export function outputOptions(io: VaultCliIo, flags: { format?: string | undefined; field?: string | undefined }): OutputOptions {
  return { format: (flags.format || io.env['VAULT_FORMAT'] || 'table').toLowerCase(), field: flags.field || undefined }
}

/** Writes a line to stdout. */
export function say(io: VaultCliIo, text: string): void {
  io.stdout.write(`${text}\n`)
}

/** Writes `Success! ...` to stdout, as every mutating vault command does. */
export function success(io: VaultCliIo, message: string): void {
  say(io, `Success! ${message}`)
}

/** Writes an error line to stderr. */
export function fail(io: VaultCliIo, message: string): void {
  io.stderr.write(`${message}\n`)
}

/** Prints a whole response body the way `vault read` does. */
export function printSecret(io: VaultCliIo, secret: VaultSecret, out: OutputOptions): number {
  if (out.field !== undefined) return printField(io, secretField(secret, out.field), out, 'secret', secret.warnings)
  return printFormatted(io, out, secretStruct(secret), () => {
    printWarnings(io, secret.warnings)
    if (secretRows(secret).length > 0) say(io, keyValueTable(secretRows(secret)))
  })
}

/** Prints a LIST response's `keys`: a `Keys` column, or the JSON array. */
export function printList(io: VaultCliIo, secret: VaultSecret, out: OutputOptions): number {
  const keys = Array.isArray(secret.data?.['keys']) ? (secret.data['keys'] as unknown[]).map(String) : []
  return printFormatted(io, out, keys, () => {
    printWarnings(io, secret.warnings)
    if (keys.length > 0) say(io, columns([['Keys'], ['----'], ...[...keys].sort(compareStrings).map((k) => [k])]))
  })
}

/**
 * Prints a flat map (seal status, a mount's config): a sorted Key/Value table,
 * or JSON/YAML of `json` when given (a Go struct's own field order), else of `data`.
 */
export function printMap(io: VaultCliIo, data: Record<string, unknown>, out: OutputOptions, json: unknown = data): number {
  if (out.field !== undefined) return printField(io, data[out.field], out, 'map')
  return printFormatted(io, out, json, () => {
    const rows = Object.keys(data)
      .sort(compareStrings)
      .map((k) => [k, cellValue(k, data[k])] as [string, string])
    if (rows.length > 0) say(io, keyValueTable(rows))
  })
}

/**
 * The format switch every printer shares: JSON or YAML of `structured`, or
 * `printTable()` for the table format. Returns 1 after `Invalid output format`.
 */
export function printFormatted(io: VaultCliIo, out: OutputOptions, structured: unknown, printTable: () => void): number {
  switch (checkFormat(io, out)) {
    case 'json':
      say(io, goJson(structured))
      return 0
    case 'yaml':
      say(io, toYaml(structured))
      return 0
    case 'table':
      printTable()
      return 0
    default:
      return 1
  }
}

/**
 * Prints one value for `-field`: raw with `%v` for table output, followed by a
 * newline only when stdout is a terminal (vault leaves it off when piped);
 * JSON/YAML-encoded for those formats.
 */
export function printField(io: VaultCliIo, value: unknown, out: OutputOptions, typeName: string, warnings?: string[] | null): number {
  if (value === undefined || value === null) {
    fail(io, `Field ${JSON.stringify(out.field)} not present in ${typeName}`)
    return 1
  }
  const format = checkFormat(io, { format: out.format })
  if (format === undefined) return 1
  let text: string
  if (format === 'table') {
    printWarnings(io, warnings)
    text = goValue(value)
  } else {
    text = format === 'json' ? goJson(value) : `${yamlStringify(value)}`
  }
  io.stdout.write((io.stdout as { isTTY?: boolean }).isTTY ? `${text}\n` : text)
  return 0
}

/** Returns the canonical format name, or prints `Invalid output format` and returns undefined. */
export function checkFormat(io: VaultCliIo, out: OutputOptions): 'table' | 'json' | 'yaml' | undefined {
  if (!FORMATS.has(out.format)) {
    fail(io, `Invalid output format: ${out.format}`)
    return undefined
  }
  return out.format === 'yml' ? 'yaml' : (out.format as 'table' | 'json' | 'yaml')
}

/** YAML as vault prints it (keys sorted, no trailing newline). */
export function toYaml(value: unknown): string {
  const plain = JSON.parse(JSON.stringify(value, (_k, v: unknown) => (v instanceof Map ? Object.fromEntries(v) : v))) as unknown
  return yamlStringify(plain, { sortMapEntries: true }).trim()
}

/** A table cell: integer seconds under a duration-looking key print as `1h`, everything else as Go's `%v`. */
export function cellValue(key: string, value: unknown): string {
  if (looksLikeDuration(key) && typeof value === 'number' && Number.isInteger(value)) return humanDuration(value)
  return goValue(value)
}

/** The rows vault's table formatter prints for a secret: lease rows, token rows, then sorted data. */
export function secretRows(secret: VaultSecret): Array<[string, string]> {
  const rows: Array<[string, string]> = []
  const leaseDuration = secret.lease_duration ?? 0
  if (leaseDuration > 0) {
    if (secret.lease_id) {
      rows.push(['lease_id', secret.lease_id], ['lease_duration', humanDuration(leaseDuration)], ['lease_renewable', String(secret.renewable ?? false)])
    } else {
      rows.push(['refresh_interval', humanDuration(leaseDuration)])
    }
  }
  if (secret.auth) rows.push(...authRows(secret.auth))
  const data = secret.data ?? {}
  for (const key of Object.keys(data).sort(compareStrings)) rows.push([key, cellValue(key, data[key])])
  return rows
}

/** The token rows of a login or token-create response. */
export function authRows(auth: SecretAuth): Array<[string, string]> {
  const rows: Array<[string, string]> = [
    ['token', auth.client_token],
    ['token_accessor', auth.accessor],
    ['token_duration', auth.lease_duration === 0 ? '∞' : humanDuration(auth.lease_duration)],
    ['token_renewable', String(auth.renewable)],
    ['token_policies', goQuotedList(auth.token_policies)],
    ['identity_policies', goQuotedList(auth.identity_policies)],
    ['policies', goQuotedList(auth.policies)],
  ]
  for (const key of Object.keys(auth.metadata ?? {}).sort(compareStrings)) rows.push([`token_meta_${key}`, goValue(auth.metadata?.[key])])
  return rows
}

/** vault's `-field` lookup on a secret: token fields for auth responses, lease fields otherwise, else data. */
export function secretField(secret: VaultSecret, field: string): unknown {
  const data = secret.data ?? {}
  if (secret.auth) {
    const auth = secret.auth
    const authFields: Record<string, unknown> = {
      token: auth.client_token,
      token_accessor: auth.accessor,
      token_duration: auth.lease_duration,
      token_renewable: auth.renewable,
      token_policies: auth.token_policies,
      identity_policies: auth.identity_policies,
      policies: auth.policies,
    }
    return Object.hasOwn(authFields, field) ? authFields[field] : data[field]
  }
  switch (field) {
    case 'lease_duration':
    case 'refresh_interval':
      return secret.lease_duration
    case 'lease_id':
      return secret.lease_id
    case 'request_id':
      return secret.request_id
    case 'renewable':
      return secret.renewable
    case 'data':
      return Object.hasOwn(data, 'data') ? data['data'] : data
    default:
      return data[field]
  }
}

/** A response in the field order of vault's `api.Secret`, for JSON output. */
export function secretStruct(secret: VaultSecret): Map<string, unknown> {
  const struct = new Map<string, unknown>([
    ['request_id', secret.request_id ?? ''],
    ['lease_id', secret.lease_id ?? ''],
    ['lease_duration', secret.lease_duration ?? 0],
    ['renewable', secret.renewable ?? false],
    ['data', secret.data ?? null],
    ['warnings', secret.warnings ?? null],
  ])
  if (secret.auth) {
    const a = secret.auth
    struct.set(
      'auth',
      new Map<string, unknown>([
        ['client_token', a.client_token],
        ['accessor', a.accessor],
        ['policies', a.policies ?? null],
        ['token_policies', a.token_policies ?? null],
        ['identity_policies', a.identity_policies ?? null],
        ['metadata', a.metadata ?? null],
        ['orphan', a.orphan ?? false],
        ['entity_id', a.entity_id ?? ''],
        ['lease_duration', a.lease_duration ?? 0],
        ['renewable', a.renewable ?? false],
        ['mfa_requirement', a.mfa_requirement ?? null],
      ]),
    )
  }
  if (secret.wrap_info) struct.set('wrap_info', secret.wrap_info)
  if (secret.mount_type) struct.set('mount_type', secret.mount_type)
  return struct
}

/** vault's warning block (stderr), printed before table output. */
export function printWarnings(io: VaultCliIo, warnings: readonly string[] | null | undefined): void {
  if (!warnings || warnings.length === 0) return
  io.stderr.write('WARNING! The following warnings were returned from Vault:\n\n')
  for (const warning of warnings) io.stderr.write(`${wrapAtLength(`* ${warning}`, 2)}\n\n`)
}

/**
 * Field kinds and Vault's input coercions, in one place (Vault's sdk/framework
 * field types). Engines declare fields; they never parse a TTL or a comma list.
 *
 * @example
 * const fields = {
 *   ttl: field.durationSeconds({ doc: 'Lease TTL.' }),
 *   policies: field.commaList({ doc: 'Policies to attach.' }),
 * }
 */
import { parseDurationSeconds } from '../core/duration.js'
import { parseGoBool } from '../core/request.js'

export type FieldKind =
  | 'string'
  | 'lowercaseString'
  | 'bool'
  | 'int'
  | 'durationSeconds'
  | 'commaList'
  | 'stringList'
  | 'commaIntList'
  | 'map'
  | 'kvPairs'
  | 'raw'

interface KindTypes {
  string: string
  lowercaseString: string
  bool: boolean
  int: number
  durationSeconds: number
  commaList: string[]
  stringList: string[]
  commaIntList: number[]
  map: Record<string, unknown>
  kvPairs: Record<string, string>
  raw: unknown
}

export interface FieldSpec<K extends FieldKind = FieldKind> {
  readonly kind: K
  readonly doc: string
  readonly default?: KindTypes[K]
  /** Hashed in audit logs even when the mount says otherwise (passwords, secret ids). */
  readonly sensitive?: boolean
}

export type FieldSpecs = Record<string, FieldSpec>

/** The typed values a handler gets: declared fields, with defaults or the kind's zero value. */
export type FieldValues<F extends FieldSpecs> = { [K in keyof F]: F[K] extends FieldSpec<infer T> ? KindTypes[T] : never }

interface FieldOptions<K extends FieldKind> {
  doc: string
  default?: KindTypes[K]
  sensitive?: boolean
}

function make<K extends FieldKind>(kind: K) {
  return (options: FieldOptions<K>): FieldSpec<K> => ({ kind, ...options })
}

export const field = {
  /** Any scalar, as text. */
  string: make('string'),
  /** Text, lower-cased (Vault does this for names such as AppRole roles). */
  lowercaseString: make('lowercaseString'),
  /** `true`/`false`, or `"true"`, `"1"`, `"t"`... as Go's ParseBool. */
  bool: make('bool'),
  /** A number or a numeric string. */
  int: make('int'),
  /** `3600`, `"3600"`, `"1h"`, `"7d"` → seconds. */
  durationSeconds: make('durationSeconds'),
  /** A list of strings, or one comma-separated string; items trimmed. */
  commaList: make('commaList'),
  /** A list of strings, or one string as a one-element list (no comma splitting). */
  stringList: make('stringList'),
  /** `[1,2]`, `["1","2"]` or `"1,2"`. */
  commaIntList: make('commaIntList'),
  /** A JSON object. */
  map: make('map'),
  /** `{"k":"v"}` or `["k=v", ...]`, values as strings. */
  kvPairs: make('kvPairs'),
  /** Whatever was sent. */
  raw: make('raw'),
}

export class FieldError extends Error {
  override name = 'FieldError'
  constructor(
    readonly field: string,
    detail: string,
  ) {
    super(`Field validation failed: error converting input for field ${JSON.stringify(field)}: ${detail}`)
  }
}

const ZERO: { [K in FieldKind]: () => KindTypes[K] } = {
  string: () => '',
  lowercaseString: () => '',
  bool: () => false,
  int: () => 0,
  durationSeconds: () => 0,
  commaList: () => [],
  stringList: () => [],
  commaIntList: () => [],
  map: () => ({}),
  kvPairs: () => ({}),
  raw: () => undefined,
}

export function zeroValue(spec: FieldSpec): unknown {
  if (spec.default !== undefined) return structuredClone(spec.default)
  return ZERO[spec.kind]()
}

function describe(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : JSON.stringify(value) ?? String(value)
}

function toText(value: unknown): string {
  if (typeof value === 'string') return value
  if (typeof value === 'number' || typeof value === 'boolean') return String(value)
  throw new Error(`expected type 'string', got unconvertible type '${goTypeName(value)}', value: '${describe(value)}'`)
}

function goTypeName(value: unknown): string {
  if (Array.isArray(value)) return '[]interface {}'
  if (value === null) return '<nil>'
  if (typeof value === 'object') return 'map[string]interface {}'
  return typeof value
}

function splitComma(text: string): string[] {
  if (text.trim() === '') return []
  return text.split(',').map((s) => s.trim()).filter((s) => s !== '')
}

function toInt(value: unknown): number {
  if (typeof value === 'number' && Number.isInteger(value)) return value
  if (typeof value === 'string' && /^\s*[-+]?\d+\s*$/.test(value)) return Number.parseInt(value, 10)
  if (typeof value === 'number') return Math.trunc(value)
  throw new Error(`cannot parse '' as int: ${describe(value)}`)
}

const COERCE: { [K in FieldKind]: (value: unknown) => KindTypes[K] } = {
  string: toText,
  lowercaseString: (v) => toText(v).toLowerCase(),
  bool: (v) => {
    if (typeof v === 'boolean') return v
    if (typeof v === 'number' && (v === 0 || v === 1)) return v === 1
    if (typeof v === 'string') {
      const b = parseGoBool(v)
      if (b !== undefined) return b
    }
    throw new Error(`cannot parse '' as bool: strconv.ParseBool: parsing ${describe(v)}: invalid syntax`)
  },
  int: toInt,
  durationSeconds: (v) => parseDurationSeconds(v),
  commaList: (v) => {
    if (Array.isArray(v)) return v.flatMap((item) => splitComma(toText(item)))
    return splitComma(toText(v))
  },
  stringList: (v) => {
    if (Array.isArray(v)) return v.map(toText)
    return [toText(v)]
  },
  commaIntList: (v) => {
    if (Array.isArray(v)) return v.map(toInt)
    if (typeof v === 'number') return [toInt(v)]
    return splitComma(toText(v)).map(toInt)
  },
  map: (v) => {
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) return v as Record<string, unknown>
    if (typeof v === 'string' && v.trim().startsWith('{')) {
      const parsed: unknown = JSON.parse(v)
      if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Record<string, unknown>
    }
    throw new Error(`'' expected a map, got '${Array.isArray(v) ? 'slice' : typeof v}'`)
  },
  kvPairs: (v) => {
    const out: Record<string, string> = {}
    if (Array.isArray(v)) {
      for (const item of v) {
        const text = toText(item)
        const eq = text.indexOf('=')
        if (eq <= 0) throw new Error(`invalid key value pair ${JSON.stringify(text)}`)
        out[text.slice(0, eq)] = text.slice(eq + 1)
      }
      return out
    }
    if (v !== null && typeof v === 'object') {
      for (const [k, val] of Object.entries(v)) out[k] = toText(val)
      return out
    }
    throw new Error(`expected a map or a list of key=value pairs, got ${describe(v)}`)
  },
  raw: (v) => v,
}

/** Coerce one raw input value to a field's kind; throws {@link FieldError}. */
export function coerceField(name: string, spec: FieldSpec, value: unknown): unknown {
  if (value === null || value === undefined) return zeroValue(spec)
  try {
    return COERCE[spec.kind](value)
  } catch (err) {
    throw new FieldError(name, err instanceof Error ? err.message : String(err))
  }
}

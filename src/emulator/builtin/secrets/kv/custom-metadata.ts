/**
 * `custom_metadata` on KV v2 metadata: values are weakly converted to strings,
 * then checked against Vault's limits (64 keys, keys ≤128 bytes, values ≤512
 * bytes, printable). Violations are reported together, in multierror text.
 */
import { invalidRequest, multierrorText } from '../../../core/errors.js'
import { goQuote, isGoPrintable } from './go-quote.js'

const MAX_KEYS = 64
const MAX_KEY_BYTES = 128
const MAX_VALUE_BYTES = 512
const PREFIX = 'custom_metadata validation failed'

/** Go's `%v` of a decoded JSON value. */
function goValue(value: unknown): string {
  if (value === null || value === undefined) return '<nil>'
  if (Array.isArray(value)) return `[${value.map(goValue).join(' ')}]`
  if (typeof value === 'object') {
    const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    return `map[${entries.map(([k, v]) => `${k}:${goValue(v)}`).join(' ')}]`
  }
  return String(value)
}

/** mapstructure's weak decoding into a string. */
function weakString(value: unknown): string {
  if (value === null || value === undefined) return ''
  if (typeof value === 'string') return value
  if (typeof value === 'number') return String(value)
  if (typeof value === 'boolean') return value ? '1' : '0'
  const type = Array.isArray(value) ? '[]interface {}' : 'map[string]interface {}'
  throw invalidRequest(`${PREFIX}: '' expected type 'string', got unconvertible type '${type}', value: '${goValue(value)}'`)
}

/**
 * Converts and validates; throws a 400 on failure. With `dropNulls` (PATCH),
 * null members are left out, because they mean "remove this key".
 */
export function parseCustomMetadata(raw: Record<string, unknown>, dropNulls = false): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [key, value] of Object.entries(raw)) {
    if (dropNulls && value === null) continue
    out[key] = weakString(value)
  }
  validate(out)
  return out
}

function validate(metadata: Record<string, string>): void {
  const entries = Object.entries(metadata)
  if (entries.length > MAX_KEYS) {
    throw invalidRequest(multierrorText([`${PREFIX}: payload must contain at most ${MAX_KEYS} keys, provided ${entries.length}`]))
  }
  const errors: string[] = []
  for (const [key, value] of entries) {
    const keyBytes = Buffer.byteLength(key)
    if (keyBytes === 0 || keyBytes > MAX_KEY_BYTES) {
      errors.push(`${PREFIX}: length of key ${goQuote(key)} is ${keyBytes} but must be 0 < len(key) <= ${MAX_KEY_BYTES}`)
    }
    const valueBytes = Buffer.byteLength(value)
    if (valueBytes === 0 || valueBytes > MAX_VALUE_BYTES) {
      errors.push(`${PREFIX}: length of value for key ${goQuote(key)} is ${valueBytes} but must be 0 < len(value) <= ${MAX_VALUE_BYTES}`)
    }
    if (!isGoPrintable(key)) errors.push(`${PREFIX}: key ${goQuote(key)} (${key}) contains unprintable characters`)
    if (!isGoPrintable(value)) errors.push(`${PREFIX}: value for key ${goQuote(key)} contains unprintable characters`)
  }
  if (errors.length > 0) throw invalidRequest(multierrorText(errors))
}

/**
 * Request and response data as an audit device writes it, as JSON text:
 * object keys sorted (Go marshals maps in key order) and string values
 * HMAC'd. Numbers, booleans and null pass in the clear, as do RFC 3339
 * timestamps; keys are never hashed. A value under a key listed in the
 * mount's `audit_non_hmac_*_keys` stays clear: the nearest enclosing object
 * key decides, so every item of a list under such a key stays clear too.
 */

import { isSharedFrozen } from '../storage.js'

/** `hmac-sha256:<hex>` of a value; `undefined` writes values as they are (`log_raw`). */
export type Hasher = ((value: string) => string) | undefined

// Go's time.Time.UnmarshalText accepts RFC 3339; such strings are left as they are.
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/

export function isTimestamp(value: string): boolean {
  // 45 is '-': a cheap look at `yyyy-` before the regex.
  return value.length >= 20 && value.charCodeAt(4) === 45 && RFC3339.test(value)
}

/** Keys that need no JSON escaping (nearly all): quoted without a JSON.stringify call. */
const PLAIN_KEY = /^[\w.\-/]*$/

/**
 * Audit JSON of stored values that can never change (see `isSharedFrozen`),
 * kept per device (its hasher) for as long as the value lives: a secret read
 * a thousand times is hashed and written out once.
 */
export type FrozenJsonCache = WeakMap<object, string>

/** The JSON text of `data` as the audit log holds it. */
export function auditJson(data: Record<string, unknown>, hash: Hasher, clearKeys: ReadonlySet<string> | undefined, cache?: FrozenJsonCache): string {
  return objectJson(data, hash, clearKeys, clearKeys === undefined ? cache : undefined)
}

function objectJson(source: object, hash: Hasher, clearKeys: ReadonlySet<string> | undefined, cache: FrozenJsonCache | undefined): string {
  if (cache === undefined || !isSharedFrozen(source)) return objectText(source, hash, clearKeys, cache)
  let json = cache.get(source)
  if (json === undefined) {
    json = objectText(source, hash, clearKeys, cache)
    cache.set(source, json)
  }
  return json
}

function objectText(source: object, hash: Hasher, clearKeys: ReadonlySet<string> | undefined, cache: FrozenJsonCache | undefined): string {
  const record = source as Record<string, unknown>
  const keys = sortedKeys(Object.keys(record))
  // Joined once at the end: a flat string, cheaper to write out than a rope of `+=`.
  const parts: string[] = []
  for (const key of keys) {
    const value = record[key]
    if (value === undefined || typeof value === 'function' || typeof value === 'symbol') continue
    const quoted = PLAIN_KEY.test(key) ? `"${key}":` : `${JSON.stringify(key)}:`
    parts.push(parts.length === 0 ? `{${quoted}` : `,${quoted}`, valueJson(value, hash, clearKeys, key, cache))
  }
  if (parts.length === 0) return '{}'
  parts.push('}')
  return parts.join('')
}

/**
 * Keys in Go's map order (byte order; UTF-16 code units here, as `sort()`).
 * Insertion sort: the objects an entry holds have a handful of keys, where
 * `Array.prototype.sort`'s set-up costs more than the sorting.
 */
function sortedKeys(keys: string[]): string[] {
  if (keys.length > 16) return keys.sort()
  for (let i = 1; i < keys.length; i++) {
    const key = keys[i] as string
    let j = i - 1
    while (j >= 0 && (keys[j] as string) > key) {
      keys[j + 1] = keys[j] as string
      j--
    }
    keys[j + 1] = key
  }
  return keys
}

function valueJson(value: unknown, hash: Hasher, clearKeys: ReadonlySet<string> | undefined, key: string, cache: FrozenJsonCache | undefined): string {
  switch (typeof value) {
    case 'string':
      if (hash === undefined || clearKeys?.has(key) || isTimestamp(value)) return JSON.stringify(value)
      return `"${hash(value)}"` // hex behind a fixed prefix: nothing to escape
    case 'number':
      return Number.isFinite(value) ? String(value) : 'null'
    case 'boolean':
      return value ? 'true' : 'false'
    case 'bigint':
      return valueJson(value.toString(), hash, clearKeys, key, cache)
    case 'object':
      return value === null ? 'null' : compositeJson(value, hash, clearKeys, key, cache)
    default:
      return 'null'
  }
}

function compositeJson(value: object, hash: Hasher, clearKeys: ReadonlySet<string> | undefined, key: string, cache: FrozenJsonCache | undefined): string {
  if (Array.isArray(value)) {
    const items: string[] = []
    for (const item of value as unknown[]) {
      items.push(item === undefined || typeof item === 'function' || typeof item === 'symbol' ? 'null' : valueJson(item, hash, clearKeys, key, cache))
    }
    return `[${items.join(',')}]`
  }
  // Go's JSON form of []byte is base64 text (and so it is hashed like any string).
  if (value instanceof Uint8Array) return valueJson(Buffer.from(value).toString('base64'), hash, clearKeys, key, cache)
  const proto: unknown = Object.getPrototypeOf(value)
  if (proto === Object.prototype || proto === null) return objectJson(value, hash, clearKeys, cache)
  // Anything else (Date, class instances) goes through its JSON form, as Vault's copy does.
  const json: unknown = JSON.parse(JSON.stringify(value) ?? 'null')
  return valueJson(json, hash, clearKeys, key, cache)
}

/** Vault's `elide_list_responses`: `keys` and `key_info` of a list response become counts. */
export function elideListData(data: Record<string, unknown>): Record<string, unknown> {
  const out = { ...data }
  const keys = out['keys']
  if (Array.isArray(keys)) out['keys'] = keys.length
  const info = out['key_info']
  if (info !== null && typeof info === 'object' && !Array.isArray(info)) out['key_info'] = Object.keys(info).length
  return out
}

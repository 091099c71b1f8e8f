/**
 * JSON text for response bodies, equal to `JSON.stringify` of the same value,
 * except that a value storage shares read-only (see `isSharedFrozen`: a KV
 * version's data, its metadata view) is serialized once for as long as it
 * lives rather than once per request. A hot KV read then formats little more
 * than its request ID.
 */
import { isSharedFrozen } from '../core/storage.js'

const sharedTexts = new WeakMap<object, string>()

/** Quoted keys of the plain objects walked here (a handful of distinct names in practice). */
const quotedKeys = new Map<string, string>()
const MAX_QUOTED_KEYS = 1024

function quotedKey(key: string): string {
  let quoted = quotedKeys.get(key)
  if (quoted === undefined) {
    quoted = JSON.stringify(key)
    if (quotedKeys.size < MAX_QUOTED_KEYS) quotedKeys.set(key, quoted)
  }
  return quoted
}

function sharedText(value: object): string {
  let text = sharedTexts.get(value)
  if (text === undefined) {
    text = JSON.stringify(value)
    sharedTexts.set(value, text)
  }
  return text
}

function isPlainObject(value: object): value is Record<string, unknown> {
  const proto: unknown = Object.getPrototypeOf(value)
  return (proto === Object.prototype || proto === null) && typeof (value as { toJSON?: unknown }).toJSON !== 'function'
}

/**
 * `JSON.stringify(s)` for a string: a string with nothing to escape (request
 * and lease IDs, mount types) is quoted here, cheaper than a call to the
 * serializer.
 */
export function jsonString(s: string): string {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c < 0x20 || c === 0x22 || c === 0x5c || c > 0x7e) return JSON.stringify(s)
  }
  return `"${s}"`
}

/** `JSON.stringify(n)` for a number: integers written here, anything else by the serializer. */
export function jsonNumber(n: number): string {
  return Number.isSafeInteger(n) ? String(n) : JSON.stringify(n)
}

/**
 * `JSON.stringify(value)`, walking up to `depth` levels of plain objects here
 * so that shared read-only members come from the cache; anything else (arrays,
 * class instances, deeper levels) is left to `JSON.stringify`. `undefined`
 * where JSON has no text (an `undefined` or function value).
 */
export function jsonText(value: unknown, depth = 2): string | undefined {
  if (typeof value === 'string') return jsonString(value)
  if (typeof value !== 'object' || value === null) return JSON.stringify(value)
  if (isSharedFrozen(value)) return sharedText(value)
  if (depth === 0 || !isPlainObject(value)) return JSON.stringify(value)
  let out = '{'
  for (const key in value) {
    if (!Object.hasOwn(value, key)) continue
    const text = jsonText(value[key], depth - 1)
    if (text === undefined) continue
    out += out.length === 1 ? `${quotedKey(key)}:${text}` : `,${quotedKey(key)}:${text}`
  }
  return `${out}}`
}

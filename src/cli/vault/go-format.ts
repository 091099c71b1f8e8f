/**
 * Values printed the way the Go vault CLI prints them: `%v` of JSON-decoded
 * values (`[a b]`, `map[k:v]`, `<nil>`), `%q` of string lists (`["default" "app"]`),
 * and `json.MarshalIndent` output (2-space indent, `<`, `>`, `&` escaped).
 *
 * @example
 * goValue(['a', 'b'])            // '[a b]'
 * goQuotedList(['default'])      // '["default"]'
 * goJson(new Map([['b', 1], ['a', 2]])) // keeps Map order; plain objects sort keys like Go maps
 */

/** Go's `%v` of a value decoded from JSON. */
export function goValue(value: unknown): string {
  if (value === null || value === undefined) return '<nil>'
  if (Array.isArray(value)) return `[${value.map(goValue).join(' ')}]`
  if (value instanceof Map) return `map[${[...value.entries()].map(([k, v]) => `${String(k)}:${goValue(v)}`).join(' ')}]`
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => compareStrings(a, b))
    return `map[${entries.map(([k, v]) => `${k}:${goValue(v)}`).join(' ')}]`
  }
  return String(value)
}

/** Go's `%q` of a `[]string`: `["default" "app"]`; a missing list prints `[]`. */
export function goQuotedList(list: readonly string[] | null | undefined): string {
  return `[${(list ?? []).map((s) => goJsonString(s)).join(' ')}]`
}

/** Byte-order comparison, as Go sorts strings. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

/**
 * Go's `json.MarshalIndent(v, "", "  ")`. Plain objects are Go maps (keys sorted);
 * a `Map` is a Go struct (keys in insertion order).
 */
export function goJson(value: unknown, indent = ''): string {
  const inner = `${indent}  `
  if (value === undefined || value === null) return 'null'
  if (typeof value === 'string') return goJsonString(value)
  if (typeof value === 'number' || typeof value === 'boolean') return JSON.stringify(value)
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]'
    return `[\n${value.map((v) => inner + goJson(v, inner)).join(',\n')}\n${indent}]`
  }
  const entries =
    value instanceof Map
      ? [...value.entries()].map(([k, v]) => [String(k), v] as const)
      : Object.entries(value as Record<string, unknown>).sort(([a], [b]) => compareStrings(a, b))
  if (entries.length === 0) return '{}'
  return `{\n${entries.map(([k, v]) => `${inner}${goJsonString(k)}: ${goJson(v, inner)}`).join(',\n')}\n${indent}}`
}

function goJsonString(text: string): string {
  return JSON.stringify(text).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
}

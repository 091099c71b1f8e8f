/**
 * Reading claims the way the JWT/OIDC auth method does (vault-plugin-auth-jwt
 * `claims.go`): a claim name, or a JSON pointer when it starts with `/`;
 * numbers read as integers; metadata values must be strings; bound claims
 * match exactly or as globs.
 */
import { globMatch } from '../go-glob.js'

/** Go's `json.Number`: how a numeric claim reads back (an integer, as text). */
class ClaimNumber {
  constructor(readonly text: string) {}
}

/** RFC 6901 pointer lookup; undefined when any step is missing. */
function pointer(claims: Record<string, unknown>, path: string): unknown {
  let current: unknown = claims
  for (const raw of path.split('/').slice(1)) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~')
    if (Array.isArray(current)) {
      const i = Number(key)
      if (!Number.isInteger(i)) return undefined
      current = current[i]
    } else if (current && typeof current === 'object') {
      current = (current as Record<string, unknown>)[key]
    } else {
      return undefined
    }
    if (current === undefined) return undefined
  }
  return current
}

/** A claim's value (`null`/absent → undefined); numbers become {@link ClaimNumber}s. */
export function getClaim(claims: Record<string, unknown>, name: string): unknown {
  const value = name.startsWith('/') ? pointer(claims, name) : claims[name]
  if (value === null || value === undefined) return undefined
  if (typeof value === 'number') return new ClaimNumber(String(Math.trunc(value)))
  return value
}

/** `claim_mappings`: claim → metadata key, for string claims only. */
export function extractMetadata(claims: Record<string, unknown>, mappings: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [source, target] of Object.entries(mappings)) {
    const value = getClaim(claims, source)
    if (value === undefined) continue
    if (typeof value !== 'string') throw new Error(`error converting claim '${source}' to string`)
    out[target] = value
  }
  return out
}

/** A claim as a list: a list stays, a string, boolean or number becomes a one-item list. */
export function normalizeList(value: unknown): unknown[] | undefined {
  if (Array.isArray(value)) return value
  if (typeof value === 'string' || typeof value === 'boolean' || value instanceof ClaimNumber) return [value]
  if (typeof value === 'number') return [new ClaimNumber(String(value))]
  return undefined
}

/**
 * Go's interface equality: same type, same value. Numbers in the role (stored
 * JSON, decoded as json.Number) equal top-level numeric claims (read as
 * json.Number); numbers inside a claim list stay float64 and never do.
 */
function valueKey(value: unknown, fromRole: boolean): string {
  if (typeof value === 'string') return `s:${value}`
  if (typeof value === 'boolean') return `b:${String(value)}`
  if (value instanceof ClaimNumber) return `n:${value.text}`
  if (typeof value === 'number') return `${fromRole ? 'n' : 'f'}:${String(value)}`
  return `?:${JSON.stringify(value)}`
}

function sameValue(expected: unknown, actual: unknown): boolean {
  return valueKey(expected, true) === valueKey(actual, false)
}

function goValue(value: unknown): string {
  return value instanceof ClaimNumber ? value.text : Array.isArray(value) ? `[${value.map(goValue).join(' ')}]` : String(value)
}

/** Every bound claim present and matching one of its values. Throws with Vault's text. */
export function validateBoundClaims(type: string, bound: Record<string, unknown>, claims: Record<string, unknown>): void {
  const useGlobs = type === 'glob'
  for (const [claim, expectedRaw] of Object.entries(bound)) {
    const actualRaw = getClaim(claims, claim)
    if (actualRaw === undefined) throw new Error(`claim ${JSON.stringify(claim)} is missing`)
    const actual = normalizeList(actualRaw)
    if (!actual) throw new Error(`received claim is not a string, bool, int or list: ${goValue(actualRaw)}`)
    const expected = normalizeList(expectedRaw)
    if (!expected) throw new Error(`bound claim is not a string, bool, int or list: ${goValue(expectedRaw)}`)
    let found = false
    for (const exp of expected) {
      for (const act of actual) {
        if (useGlobs) {
          if (typeof exp !== 'string') throw new Error(`received claim is not a glob string: ${goValue(exp)}`)
          if (typeof act === 'string' && globMatch(exp, act)) found = true
        } else if (sameValue(exp, act)) {
          found = true
        }
        if (found) break
      }
      if (found) break
    }
    if (!found) throw new Error(`claim ${JSON.stringify(claim)} does not match any associated bound claim values`)
  }
}

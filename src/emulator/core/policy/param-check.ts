/**
 * allowed_parameters / denied_parameters / required_parameters, checked
 * against a request's data the way Vault's ACL does.
 */
import { isDeepStrictEqual } from 'node:util'
import type { CompiledRule } from './merge-rules.js'

/** Vault's glob for parameter values: a leading and/or trailing `*` only. */
export function globMatch(pattern: string, value: string): boolean {
  if (pattern.length < 2) return value === pattern
  const head = pattern.startsWith('*')
  const tail = pattern.endsWith('*')
  if (head && tail) return value.includes(pattern.slice(1, -1))
  if (head) return value.endsWith(pattern.slice(1))
  if (tail) return value.startsWith(pattern.slice(0, -1))
  return value === pattern
}

/** An empty list allows any value. Strings compare as globs, others by value. */
function valueListed(value: unknown, list: readonly unknown[]): boolean {
  if (list.length === 0) return true
  for (const item of list) {
    if (item === null || item === undefined || value === null || value === undefined) {
      if ((item ?? null) === (value ?? null)) return true
    } else if (typeof item === 'string' && typeof value === 'string') {
      if (globMatch(item, value)) return true
    } else if (isDeepStrictEqual(item, value)) return true
  }
  return false
}

export function parametersAllowed(rule: CompiledRule, data: Readonly<Record<string, unknown>>): boolean {
  for (const name of rule.required) if (!Object.hasOwn(data, name.toLowerCase())) return false

  const entries = Object.entries(data)
  if (entries.length === 0) return true

  const denied = rule.denied
  if (denied) {
    if (denied.has('*')) return false
    for (const [key, value] of entries) {
      const list = denied.get(key.toLowerCase())
      if (list && valueListed(value, list)) return false
    }
  }

  const allowed = rule.allowed
  if (!allowed) return true
  const allowAny = allowed.has('*')
  if (allowAny && allowed.size === 1) return true
  for (const [key, value] of entries) {
    const list = allowed.get(key.toLowerCase())
    if (list === undefined) {
      if (!allowAny) return false
    } else if (!valueListed(value, list)) return false
  }
  return true
}

/** min/max_wrapping_ttl: the request must be wrapped, within the bounds. */
export function wrappingAllowed(rule: CompiledRule, wrapTtl: number | undefined): boolean {
  if (rule.maxWrap > 0 && (wrapTtl === undefined || wrapTtl > rule.maxWrap)) return false
  if (rule.minWrap > 0 && (wrapTtl === undefined || wrapTtl < rule.minWrap)) return false
  return !(rule.minWrap > 0 && rule.maxWrap > 0 && rule.maxWrap < rule.minWrap)
}

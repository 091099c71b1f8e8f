/**
 * Bodies that Vault decodes into Go structs without JSON tags (`sys/unseal`,
 * `sys/generate-root/update`): names match case-insensitively, and a value of
 * the wrong JSON type is a decode error.
 */
import { invalidRequest } from '../../core/errors.js'

function lookup(raw: Record<string, unknown>, name: string): unknown {
  for (const [key, value] of Object.entries(raw)) if (key.toLowerCase() === name) return value
  return undefined
}

function goName(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1)
}

function kindOf(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value === 'object' ? 'object' : typeof value
}

export function structString(raw: Record<string, unknown>, name: string, struct: string): string {
  const value = lookup(raw, name)
  if (value === undefined || value === null) return ''
  if (typeof value !== 'string') {
    throw invalidRequest(`failed to parse JSON input: json: cannot unmarshal ${kindOf(value)} into Go struct field ${struct}.${goName(name)} of type string`)
  }
  return value
}

export function structBool(raw: Record<string, unknown>, name: string, struct: string): boolean {
  const value = lookup(raw, name)
  if (value === undefined || value === null) return false
  if (typeof value !== 'boolean') {
    throw invalidRequest(`failed to parse JSON input: json: cannot unmarshal ${kindOf(value)} into Go struct field ${struct}.${goName(name)} of type bool`)
  }
  return value
}

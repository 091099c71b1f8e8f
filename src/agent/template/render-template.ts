/** Renders a parsed template the way Go's text/template prints values. */
import type { SecretCall, TemplateNode } from './parse-template.js'
import { TemplateError } from './template-error.js'

/** A secret as Consul Template exposes it to templates. */
export interface TemplateSecret {
  LeaseID: string
  LeaseDuration: number
  Renewable: boolean
  Data: Record<string, unknown>
  Warnings: string[]
}

/** Go's `fmt` form of a JSON value: `map[a:1 b:x]`, `[x y]`, `<nil>`. */
function goFormat(value: unknown): string {
  if (value === null) return '<nil>'
  if (Array.isArray(value)) return `[${value.map(goFormat).join(' ')}]`
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    return `map[${entries.map(([k, v]) => `${k}:${goFormat(v)}`).join(' ')}]`
  }
  return String(value)
}

/** Go's `with` test: false, 0, nil, "" and empty lists/maps are empty. */
function isEmpty(value: unknown): boolean {
  if (value === undefined || value === null || value === false || value === 0 || value === '') return true
  if (Array.isArray(value)) return value.length === 0
  if (typeof value === 'object') return Object.keys(value).length === 0
  return false
}

const MISSING = Symbol('missing')

function walk(dot: unknown, chain: readonly string[], name: string, line: number): unknown {
  let value = dot
  for (const key of chain) {
    if (value === MISSING || value === undefined || value === null) return MISSING
    if (typeof value !== 'object' || Array.isArray(value)) throw new TemplateError(name, line, `can't evaluate field ${key} in a ${Array.isArray(value) ? 'list' : typeof value}`)
    value = Object.hasOwn(value, key) ? (value as Record<string, unknown>)[key] : MISSING
  }
  return value
}

/**
 * The template's text. `secret` gives the fetched value of each secret call
 * (the agent renders only once every secret it needs has been fetched).
 */
export function renderTemplate(nodes: readonly TemplateNode[], secret: (call: SecretCall) => TemplateSecret, name: string, dot: unknown = undefined): string {
  let out = ''
  for (const node of nodes) {
    if (node.kind === 'text') out += node.text
    else if (node.kind === 'field') {
      if (dot === undefined) throw new TemplateError(name, node.line, `{{ .${node.chain.join('.')} }} outside {{ with secret "..." }}: there is nothing to read the field from`)
      const value = walk(dot, node.chain, name, node.line)
      out += value === MISSING ? '<no value>' : goFormat(value)
    } else {
      let subject: unknown
      if ('path' in node.subject) subject = secret(node.subject)
      else {
        if (dot === undefined) throw new TemplateError(name, node.line, '{{ with .Field }} outside {{ with secret "..." }}')
        subject = walk(dot, node.subject.chain, name, node.line)
      }
      out += !isEmpty(subject) && subject !== MISSING ? renderTemplate(node.body, secret, name, subject) : renderTemplate(node.otherwise, secret, name, dot)
    }
  }
  return out
}

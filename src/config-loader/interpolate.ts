/**
 * `${VAR}` and `${VAR:-default}` in YAML string values, from the environment.
 * Substitution happens on parsed scalars (never on raw text), so a value can't
 * inject YAML; `$${` writes a literal `${`.
 */
import { visit } from 'yaml'
import { ConfigError } from './config-error.js'
import type { YamlSource } from './yaml-source.js'

export type Variables = Readonly<Record<string, string | undefined>>

const PATTERN = /\$\$\{|\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g

/** Replaces variables in every string scalar of `source.doc`, in place. */
export function interpolateDocument(source: YamlSource, vars: Variables): void {
  visit(source.doc, {
    Scalar(_key, node) {
      if (typeof node.value !== 'string' || !node.value.includes('$')) return
      node.value = interpolateString(node.value, vars, (name) => {
        const pos = source.positionAt(node.range?.[0] ?? 0)
        return new ConfigError(`\${${name}} is not set; export ${name}, or give a default with \${${name}:-value}`, pos)
      })
    },
  })
}

export function interpolateString(text: string, vars: Variables, missing: (name: string) => Error): string {
  return text.replace(PATTERN, (match, name: string | undefined, fallback: string | undefined) => {
    if (name === undefined) return '${'
    const value = vars[name]
    if (value !== undefined && value !== '') return value
    if (fallback !== undefined) return fallback
    if (value !== undefined) return value
    throw missing(name)
  })
}

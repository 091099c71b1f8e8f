import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { schemaUrl } from './schema-check.js'
import type { SchemaName } from './schema-check.js'

/** Every `properties` entry, with its JSON pointer. */
function properties(node: unknown, pointer = ''): [string, Record<string, unknown>][] {
  if (typeof node !== 'object' || node === null) return []
  const found: [string, Record<string, unknown>][] = []
  for (const [key, value] of Object.entries(node)) {
    if (key === 'properties' && typeof value === 'object' && value !== null) {
      for (const [name, prop] of Object.entries(value)) found.push([`${pointer}/properties/${name}`, prop as Record<string, unknown>])
    }
    found.push(...properties(value, `${pointer}/${key}`))
  }
  return found
}

describe('the shipped JSON Schemas', () => {
  for (const name of ['vault-config', 'roles', 'policy-tests'] satisfies SchemaName[]) {
    it(`${name}: every field has a description (editors show it)`, () => {
      const schema = JSON.parse(readFileSync(schemaUrl(name), 'utf8')) as Record<string, unknown>
      const defs = (schema['$defs'] ?? {}) as Record<string, Record<string, unknown>>
      const undocumented = properties(schema)
        .filter(([, prop]) => {
          const ref = typeof prop['$ref'] === 'string' ? defs[prop['$ref'].replace('#/$defs/', '')] : undefined
          return typeof prop['description'] !== 'string' && typeof ref?.['description'] !== 'string'
        })
        .map(([pointer]) => pointer)
      expect(undocumented).toEqual([])
      expect(schema['$schema']).toBe('https://json-schema.org/draft/2020-12/schema')
    })
  }
})

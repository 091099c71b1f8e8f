/** Checks parsed files against the JSON Schemas in `schema/`, with positions. */
import { readFileSync } from 'node:fs'
import { Ajv2020 } from 'ajv/dist/2020.js'
import type { ErrorObject, ValidateFunction } from 'ajv/dist/2020.js'
import type { Diagnostic } from './diagnostic.js'
import type { InstancePath, YamlSource } from './yaml-source.js'

export type SchemaName = 'vault-config' | 'roles' | 'policy-tests'

/** `schema/<name>.schema.json` in the package (from src/ or dist/). */
export function schemaUrl(name: SchemaName): URL {
  return new URL(`../../schema/${name}.schema.json`, import.meta.url)
}

const compiled = new Map<SchemaName, ValidateFunction>()

function validator(name: SchemaName): ValidateFunction {
  let fn = compiled.get(name)
  if (!fn) {
    const ajv = new Ajv2020({ allErrors: true, strict: true, strictTypes: false, strictRequired: false })
    fn = ajv.compile(JSON.parse(readFileSync(schemaUrl(name), 'utf8')) as object)
    compiled.set(name, fn)
  }
  return fn
}

/** Problems of `value` (the file's JS value) against the schema; empty when valid. */
export function checkSchema(name: SchemaName, value: unknown, source: YamlSource): Diagnostic[] {
  const fn = validator(name)
  if (fn(value)) return []
  return (fn.errors ?? []).filter((e) => !isNoise(e)).map((e) => toDiagnostic(e, source))
}

function isNoise(error: ErrorObject): boolean {
  return error.keyword === 'if' || error.keyword === 'anyOf' || error.keyword === 'oneOf'
}

function toDiagnostic(error: ErrorObject, source: YamlSource): Diagnostic {
  const path = pointerToPath(error.instancePath)
  const where = path.length === 0 ? 'the file' : path.join('.')
  let message = `${where}: ${error.message ?? 'is invalid'}`
  let fix = 'correct the value (the schema lists the allowed fields and values)'
  let position = source.positionOf(path)
  if (error.keyword === 'additionalProperties') {
    const extra = String((error.params as { additionalProperty?: unknown }).additionalProperty)
    message = `${where}: unknown field "${extra}"`
    fix = `remove "${extra}" or correct its spelling`
    position = source.positionOf([...path, extra], true)
  } else if (error.keyword === 'enum') {
    const allowed = (error.params as { allowedValues?: unknown[] }).allowedValues ?? []
    fix = `use one of: ${allowed.map((v) => JSON.stringify(v)).join(', ')}`
  } else if (error.keyword === 'required') {
    fix = `add "${String((error.params as { missingProperty?: unknown }).missingProperty)}"`
  }
  return { ...position, rule: 'schema', severity: 'error', message, fix }
}

function pointerToPath(pointer: string): InstancePath {
  if (pointer === '') return []
  return pointer
    .slice(1)
    .split('/')
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((p) => (/^\d+$/.test(p) ? Number(p) : p))
}

import { describe, expect, it } from 'vitest'
import { interpolateDocument, interpolateString } from './interpolate.js'
import { parseYamlSource } from './yaml-source.js'

const fail = (name: string): Error => new Error(`missing ${name}`)

describe('interpolateString', () => {
  it('substitutes ${VAR} and ${VAR:-default}', () => {
    expect(interpolateString('postgres://${HOST}:${PORT:-5432}/db', { HOST: 'h' }, fail)).toBe('postgres://h:5432/db')
  })
  it('uses the default for an empty variable, as the shell does with :-', () => {
    expect(interpolateString('${A:-x}', { A: '' }, fail)).toBe('x')
    expect(interpolateString('[${A}]', { A: '' }, fail)).toBe('[]')
  })
  it('keeps $${ as a literal ${', () => {
    expect(interpolateString('$${HOME} and {{name}}', {}, fail)).toBe('${HOME} and {{name}}')
  })
  it('throws for an unset variable without default', () => {
    expect(() => interpolateString('${NOPE}', {}, fail)).toThrow('missing NOPE')
  })
})

describe('interpolateDocument', () => {
  it('changes values only, never keys or comments, and names the line of a missing variable', () => {
    const source = parseYamlSource('c.yaml', '# ${IGNORED}\na: ${X}\nb:\n  - ${Y}\n')
    expect(() => interpolateDocument(source, { X: '1' })).toThrow(/c\.yaml:4:5: \$\{Y\} is not set/)
    const ok = parseYamlSource('c.yaml', '# ${IGNORED}\na: ${X}\n')
    interpolateDocument(ok, { X: '1' })
    expect(ok.doc.toJS()).toEqual({ a: '1' })
  })
})

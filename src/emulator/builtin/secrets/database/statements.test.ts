import { describe, expect, it } from 'vitest'
import { isMultilineStatement, parseStatement, queriesOf, renderQuery } from './statements.js'

describe('statements', () => {
  it('splits on semicolons, trims and drops empties', () => {
    expect(parseStatement(`CREATE ROLE "{{name}}";  GRANT SELECT ON ALL TABLES IN SCHEMA public TO "{{name}}"; `)).toEqual([
      'CREATE ROLE "{{name}}"',
      'GRANT SELECT ON ALL TABLES IN SCHEMA public TO "{{name}}"',
    ])
    expect(parseStatement('  ')).toEqual([])
  })

  it('keeps dollar-quoted bodies whole', () => {
    const fn = `CREATE FUNCTION f() RETURNS int AS $body$ SELECT 1; $body$ LANGUAGE sql; SELECT f()`
    expect(parseStatement(fn)).toEqual(['CREATE FUNCTION f() RETURNS int AS $body$ SELECT 1; $body$ LANGUAGE sql', 'SELECT f()'])
  })

  it('accepts base64 and JSON lists, as Vault does', () => {
    expect(parseStatement(Buffer.from('SELECT 1; SELECT 2').toString('base64'))).toEqual(['SELECT 1', 'SELECT 2'])
    expect(parseStatement('["SELECT 1", "SELECT 2"]')).toEqual(['SELECT 1', 'SELECT 2'])
  })

  it('runs an element with END (a DO block) whole', () => {
    const block = `DO $$ BEGIN IF NOT EXISTS (SELECT 1) THEN CREATE ROLE "{{name}}"; END IF; END $$;`
    expect(isMultilineStatement(block)).toBe(true)
    expect(isMultilineStatement(`SELECT 'END'`)).toBe(false)
    expect(queriesOf([block, 'SELECT 1; SELECT 2'], { keepBlocks: true })).toEqual([block, 'SELECT 1', 'SELECT 2'])
  })

  it('substitutes placeholders textually', () => {
    expect(renderQuery(`CREATE ROLE "{{name}}" PASSWORD '{{password}}' VALID UNTIL '{{expiration}}'`, { name: 'v-1', password: 'p', expiration: 'e' })).toBe(
      `CREATE ROLE "v-1" PASSWORD 'p' VALID UNTIL 'e'`,
    )
  })
})

import { describe, expect, it } from 'vitest'
import { JsonFields } from './json-text.js'

describe('JsonFields', () => {
  it('writes fields in order and leaves out empty ones (Go omitempty)', () => {
    const text = new JsonFields().str('a', 'x').str('b', '').num('c', 0).num('d', 2).list('e', []).list('f', ['y']).raw('g', undefined).raw('h', '{"k":1}').toString()
    expect(text).toBe('{"a":"x","d":2,"f":["y"],"h":{"k":1}}')
    expect(new JsonFields().toString()).toBe('{}')
  })

  it('escapes strings that need it', () => {
    const odd = 'quote " backslash \\ newline \n tab \t é'
    expect(JSON.parse(new JsonFields().str('v', odd).toString())).toEqual({ v: odd })
  })
})

/**
 * Differential tests: hcl-lite must give exactly what hcl2json gives, or
 * refuse (undefined). It must refuse everything hcl2json rejects.
 */
import { readFileSync } from 'node:fs'
import { describe, it, expect } from 'vitest'
import fc from 'fast-check'
import { parse } from '@cdktf/hcl2json'
import { parseHclLite } from './hcl-lite.js'
import { toHcl2 } from './policy-source.js'
import { DEFAULT_POLICY_TEXT, RESPONSE_WRAPPING_POLICY_TEXT } from './builtin-policies.js'

type Reference = { ok: true; value: unknown } | { ok: false }

async function reference(text: string): Promise<Reference> {
  try {
    return { ok: true, value: await parse('policy.hcl', text) }
  } catch {
    return { ok: false }
  }
}

/** Templates and heredocs are outside the subset: refusing them is expected. */
function outsideSubset(text: string): boolean {
  return /[$%]\{|<</.test(text)
}

/**
 * hcl-lite agrees with hcl2json on `text` (after the HCL1 rewrite both paths
 * get). `mustAccept`: anything hcl2json parses (bar templates and heredocs)
 * must take the fast path.
 */
async function agree(raw: string, mustAccept: boolean): Promise<void> {
  const text = toHcl2(raw)
  const lite = parseHclLite(text)
  const ref = await reference(text)
  if (!ref.ok) {
    expect(lite, `hcl2json rejects, hcl-lite must refuse: ${JSON.stringify(raw)}`).toBeUndefined()
    return
  }
  if (lite === undefined) {
    if (mustAccept && !outsideSubset(text)) expect.fail(`hcl-lite refused a text hcl2json parses: ${JSON.stringify(raw)}`)
    return
  }
  expect(lite, JSON.stringify(raw)).toStrictEqual(ref.value)
  // Same key order too (Go sorts map keys), so anything iterating keys agrees.
  expect(JSON.stringify(lite), JSON.stringify(raw)).toBe(JSON.stringify(ref.value))
}

// Every HCL policy text the rest of the test suite parses (collected by
// logging readHcl's input over `vitest run src test`), including the broken ones.
const CORPUS = JSON.parse(readFileSync(new URL('./hcl-lite.corpus.json', import.meta.url), 'utf8')) as string[]

describe('hcl-lite: the policies the other tests parse', () => {
  it('has a corpus', () => {
    expect(CORPUS.length).toBeGreaterThan(50)
  })
  it('agrees with hcl2json on each (and accepts every valid one)', async () => {
    for (const text of [...CORPUS, DEFAULT_POLICY_TEXT, RESPONSE_WRAPPING_POLICY_TEXT]) await agree(text, true)
  })
})

describe('hcl-lite: hand-picked', () => {
  const accepted = [
    '',
    '# x',
    '// x',
    '/* x */',
    'path "x" { capabilities = ["read"] }\npath "x" { capabilities = ["update"] }',
    'path { capabilities = ["read"] }',
    'path {\n  capabilities = ["read"]\n}\npath {\n}\n',
    'path "x" { m = { "Foo" = ["a"], b: [], "c" = {} } }',
    'path "x" { m = { a = 1, a = 2 } }',
    'path "x" { s = "a\\n\\t\\"\\\\ \\u00e9\\U0001F600 $$ $ % $x %x" }',
    'path "x" { l = ["a", "b",] }',
    'path "x" { l = [] }',
    'path "x" { l = ["a"\n, "b"] }',
    'path "x" { a = 1 }\nfoo = 2\npath "y" {}',
    'path "x" {}',
    'path "x" {\n}\n',
    'path "x" { m = {\n a = 1\n b = 2\n} }',
    'path "x" { m = { "a.b" = 1, a-b = 2 } }',
    'path "x" { a = "x" /* c */ }',
    'path "x" { /* c */ a = 1 }',
    'path "x" { # c\n a = 1\n}',
    'path "x" {/*\n*/ a = 1 }',
    'a = 1 /* \n */\nb = 2',
    'path "x" { a = 12345678901234567890 }',
    'a = 0.1\nb = 007\nc = 1.0\nd = 1.50\ne = 1e2\nf = 1.5e-2\ng = 1.0000000000000001',
    'a = "tab\there"',
    'a = ["x",\n"y"\n]',
    'a = {}',
    'a = null\nb = true\nc = false',
    'a = { b = 1,\n c = 2,\n}',
    'a = {\n\n b = 1\n\n}',
    'a = [\n"x" , \n ]',
    'a = "x"\r\nb = 2\r\n',
    'path "x" {}\n\n\npath "y" {\n}',
    'a = "x" # c',
    'a = "x" // c',
    'a\t=\t1',
    'a = "\u0001"',
    'path "x" {\n inner {\n a = 1\n }\n inner {\n a = 2\n }\n}',
    'a = {b = {c = [1, {d = 2}]}}',
    'a = [[1],[2]]',
    'b = 1\na = 2\nZ = 3\n_ = 4',
    'm = { "é" = 1, "\uFFFD" = 2, "\u{1F600}" = 3, "z" = 4, "10" = 5, "2" = 6 }',
    'path "x" {\n  allowed_parameters {\n    "a" = []\n  }\n}\n',
    'path "x" { a = [\n"x"\n] }',
    'path "x" { a = [ "a", # c\n "b" // d\n ] } # e',
    'a = { b = 1 # c\n c = 2 }',
  ]
  const refused = [
    'name = "a"\nname = "b"',
    'path "x" { a = 1\n b = 2 }',
    'path "x" { h = <<EOF\nhello\nEOF\n}',
    'path "x" "y" { a = 1 }',
    'path "x" { inner "y" { a = 1 } }',
    'path "x" { a = 1, b = 2 }',
    'path "x" { a = 1; }',
    'a = 1 b = 2',
    'path "x" { m = { a = 1 b = 2 } }',
    'path "x" { m = { (a) = 1 } }',
    'path "x"\n{ a = 1 }',
    'a = "\\x"',
    'a = "multi\nline"',
    'path "x" { a = 1 } path "y" { a = 2 }',
    'a = 1 /* \n */ b = 2',
    'path "x" {\n a = 1 }',
    'a = -3',
    'a = 1.',
    'a = .5',
    'a = { b =\n 1 }',
    'a = { b\n = 1 }',
    'a = [,]',
    'a = "x"\rb = 2',
    'path "x" {\n  capabilities = ["read"]\n}\npath {\n}',
    'a = 1\na {\n}',
    'a {\n}\na = 1',
    'a = "\\$${x}"',
    'a = "${x}"',
    'a = "%{if x}y%{endif}"',
    'a = "$${x}"',
    'a = "${"',
    'x.y = 1',
    '__proto__ = 1',
    'a = foo',
    'a = upper("x")',
    'a = 1 + 2',
    'a = [for x in y: x]',
    'a = "e\u0301"',
    'path "x" {',
    'path "x" { capabilities = ["read" }',
    'a = "unterminated',
    'a = 1 /* unterminated',
    '}',
    '\uFEFFa = 1',
    '"a" = 1',
  ]
  it.each(accepted)('accepts and agrees: %j', async (text) => {
    expect(parseHclLite(toHcl2(text))).toBeDefined()
    await agree(text, true)
  })
  it.each(refused)('refuses: %j', async (text) => {
    expect(parseHclLite(toHcl2(text))).toBeUndefined()
    await agree(text, false)
  })
})

// ---- generated policies ----------------------------------------------------

const inline = fc.constantFrom(' ', ' ', '  ', '\t', ' /* c */ ', '/**/')
const gap = fc.constantFrom('', ' ', '\t', ' /* c */ ')
const newline = fc.constantFrom('\n', '\n', '\r\n', '\n\n', '  \n', ' # c\n', ' // c\n', '\n# c\n', '\n/* multi\n line */\n', '// c\r\n')
const indent = fc.constantFrom('', '  ', '    ', '\t')

const stringPiece = fc.constantFrom(
  'a', 'b', 'secret', 'data', '/', '/', '*', '+', '-', '_', '.', ' ', '{{identity.entity.id}}', '$', '%', 'é',
  '\\n', '\\t', '\\"', '\\\\', '\\u00e9', '\\U0001F600', ':', '=', '#', '//', '/*', '[', ']', ',',
)
// No templates (`${`, `%{`): those are outside the subset.
const str = fc.array(stringPiece, { maxLength: 6 }).map((p) => `"${p.join('').replace(/([$%])\{/g, '$1 {')}"`)
const pathStr = fc
  .tuple(fc.array(fc.constantFrom('secret', 'data', 'app', '+', 'auth', 'token', 'x-y', 'a.b', '{{identity.entity.id}}'), { minLength: 1, maxLength: 4 }), fc.constantFrom('', '*', '/*', '/'))
  .map(([parts, tail]) => `"${parts.join('/')}${tail}"`)
const capability = fc.constantFrom('"read"', '"list"', '"create"', '"update"', '"delete"', '"sudo"', '"deny"', '"patch"', '"subscribe"')
const num = fc.constantFrom('0', '1', '30', '300', '3600', '1.5', '007', '1e3', '2.50')
const scalar = fc.oneof(str, num, fc.constantFrom('true', 'false', 'null'))

function list(item: fc.Arbitrary<string>): fc.Arbitrary<string> {
  return fc
    .tuple(fc.array(fc.tuple(item, gap, fc.constantFrom(',', ',', ', ', ',\n', '\n,', ' ,  ')), { maxLength: 4 }), fc.boolean(), gap, fc.constantFrom('', '\n'))
    .map(([items, trailing, g, end]) => {
      if (items.length === 0) return `[${g}${end}]`
      const body = items.map(([v, gg, sep], i) => (i < items.length - 1 || trailing ? v + gg + sep : v + gg)).join('')
      return `[${end}${body}${end}]`
    })
}

const objectKey = fc.oneof(fc.constantFrom('a', 'Foo', 'b_c', 'x-y', 'key1', '*'), str).map((k) => (k === '*' ? '"*"' : k))
const objectValue = fc.oneof(list(fc.oneof(str, num, fc.constantFrom('true', 'false'))), scalar)
function object(value: fc.Arbitrary<string>): fc.Arbitrary<string> {
  return fc
    .tuple(fc.array(fc.tuple(objectKey, fc.constantFrom('=', ':', ' = ', ' : '), value), { maxLength: 4 }), fc.constantFrom('inline', 'lines', 'mixed'), fc.boolean(), newline, gap)
    .map(([entries, layout, trailing, nl, g]) => {
      if (entries.length === 0) return layout === 'inline' ? `{${g}}` : `{${nl}}`
      const items = entries.map(([k, eq, v]) => `${k}${eq}${v}`)
      if (layout === 'inline') return `{${g}${items.join(', ')}${trailing ? ',' : ''}${g}}`
      if (layout === 'lines') return `{${nl}${items.map((i) => `  ${i}${nl}`).join('')}}`
      return `{${nl}${items.map((i) => `  ${i},${nl}`).join('')}}`
    })
}

const params = object(objectValue)
const attribute: fc.Arbitrary<[string, string]> = fc.oneof(
  fc.tuple(fc.constant('capabilities'), list(capability)),
  fc.tuple(fc.constant('policy'), fc.constantFrom('"read"', '"write"', '"sudo"', '"deny"', '""')),
  fc.tuple(fc.constant('allowed_parameters'), params),
  fc.tuple(fc.constant('denied_parameters'), params),
  fc.tuple(fc.constant('required_parameters'), list(str)),
  fc.tuple(fc.constantFrom('min_wrapping_ttl', 'max_wrapping_ttl'), fc.oneof(num, fc.constantFrom('"1h"', '"30s"', '"90m"'))),
  fc.tuple(fc.constant('comment'), str),
  fc.tuple(fc.constant('control_group'), object(objectValue)),
)

/** `key = value`, or the HCL1 block form `allowed_parameters { ... }` (rewritten before parsing). */
const attributeLine = fc.tuple(attribute, inline, inline, fc.boolean(), fc.constantFrom('', ' ', '\t')).map(([[key, value], a, b, blockForm, c]) => {
  // (toHcl2 only rewrites `name {` with plain blanks in between.)
  if (blockForm && (key === 'allowed_parameters' || key === 'denied_parameters')) return `${key}${c}${value}`
  return `${key}${a}=${b}${value}`
})

/** `labelless`: `path { ... }`; HCL 2 cannot mix those with labelled blocks. */
const block = (labelless: boolean): fc.Arbitrary<string> => fc
  .tuple(
    pathStr,
    fc.uniqueArray(attributeLine, { maxLength: 5, selector: (l) => /^\w+/.exec(l)?.[0] ?? l }),
    fc.constantFrom('multi', 'multi', 'single'),
    indent,
    newline,
    inline,
  )
  .map(([path, lines, layout, ind, nl, sp]) => {
    const header = labelless ? `path${sp}{` : `path${sp}${path}${sp}{`
    if (layout === 'single' && lines.length <= 1) return `${header}${sp}${lines[0] ?? ''}${sp}}`
    return `${header}${nl}${lines.map((l) => `${ind}${l}${nl}`).join('')}}`
  })

const policyText = fc
  .tuple(fc.integer({ min: 0, max: 9 }).chain((n) => fc.array(fc.tuple(block(n === 0), newline), { maxLength: 6 })), fc.constantFrom('', '\n', '# header\n', '/* header\n */\n', '\n\n'), fc.boolean(), fc.constantFrom('', 'name = "p"\n'))
  .map(([blocks, head, finalNl, name]) => {
    const body = blocks.map(([b, nl], i) => (i < blocks.length - 1 || finalNl ? b + nl : b)).join('')
    return head + name + body
  })

const MUTATIONS = ['{', '}', '"', '=', '[', ']', ',', '\n', ' ', '${x}', '%{', '<<EOF\n', 'f(', '-', '.', '#', '/*', '*/', '\\', ':', ';', 'x', '1', '\r', '\u00e9']

describe('hcl-lite: absurd nesting', () => {
  it('falls back instead of overflowing the stack', () => {
    expect(parseHclLite(`a = ${'['.repeat(100_000)}${']'.repeat(100_000)}\n`)).toBeUndefined()
  })
})

describe('hcl-lite: generated policies', () => {
  it('agrees with hcl2json on well-formed policies, taking the fast path', async () => {
    await fc.assert(
      fc.asyncProperty(policyText, async (text) => {
        await agree(text, true)
      }),
      { numRuns: 600 },
    )
  }, 60_000) // hundreds of hcl2json (WebAssembly) parses: slow when the machine is loaded

  it('refuses whatever hcl2json rejects, on mutated policies', async () => {
    await fc.assert(
      fc.asyncProperty(
        policyText,
        fc.array(fc.tuple(fc.nat(), fc.constantFrom('delete', 'insert', 'truncate'), fc.constantFrom(...MUTATIONS)), { minLength: 1, maxLength: 3 }),
        async (text, edits) => {
          let t = text
          for (const [at, kind, token] of edits) {
            const i = t.length === 0 ? 0 : at % (t.length + 1)
            if (kind === 'delete') t = t.slice(0, i) + t.slice(i + 1)
            else if (kind === 'insert') t = t.slice(0, i) + token + t.slice(i)
            else t = t.slice(0, i)
          }
          await agree(t, false)
        },
      ),
      { numRuns: 1500 },
    )
  }, 60_000)
})

/**
 * A small recursive-descent parser for the HCL subset Vault policies use,
 * giving exactly the JSON shape `@cdktf/hcl2json` gives for the same text
 * (block bodies in arrays, keys sorted as Go's encoding/json sorts them).
 *
 * It only accepts what it fully understands: anything else (expressions,
 * templates, heredocs, identifier labels, syntax errors, ...) returns
 * undefined, and the caller falls back to hcl2json, which then produces the
 * usual error message or result.
 */

type Value = string | number | boolean | null | Value[] | { [key: string]: Value }
type Obj = { [key: string]: Value }

/** Thrown internally to bail out; never escapes `parseHclLite`. */
class Refuse {}
const REFUSE = new Refuse()

const NL = 10
const CR = 13
const SPACE = 32
const TAB = 9
const HASH = 35
const SLASH = 47
const STAR = 42
const QUOTE = 34
const BACKSLASH = 92
const LBRACE = 123
const RBRACE = 125
const LBRACKET = 91
const RBRACKET = 93
const EQUALS = 61
const COLON = 58
const COMMA = 44
const DOLLAR = 36
const PERCENT = 37

function isIdentStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95
}

function isIdentPart(c: number): boolean {
  return isIdentStart(c) || (c >= 48 && c <= 57) || c === 45
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57
}

/** Go's encoding/json sorts map keys by UTF-8 bytes, i.e. by code point. */
function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length)
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i)
    const y = b.charCodeAt(i)
    if (x === y) continue
    // Surrogates (astral code points) sort after every BMP code point.
    const xs = x >= 0xd800 && x <= 0xdfff
    const ys = y >= 0xd800 && y <= 0xdfff
    if (xs !== ys) return xs ? 1 : -1
    return x - y
  }
  return a.length - b.length
}

function sortedObject(entries: Map<string, Value>): Obj {
  const keys = [...entries.keys()].sort(compareCodePoints)
  const out: Obj = {}
  for (const k of keys) out[k] = entries.get(k) as Value
  return out
}

/** A key we refuse: `__proto__` would not become an own property. */
function checkKey(key: string): string {
  if (key === '__proto__') throw REFUSE
  return key
}

class Parser {
  pos = 0
  constructor(readonly text: string) {}

  private peek(): number {
    return this.pos < this.text.length ? this.text.charCodeAt(this.pos) : -1
  }

  /** Spaces, tabs and block comments (which never count as newlines). */
  private skipInline(): void {
    const t = this.text
    for (;;) {
      const c = this.peek()
      if (c === SPACE || c === TAB) this.pos++
      else if (c === SLASH && t.charCodeAt(this.pos + 1) === STAR) {
        const end = t.indexOf('*/', this.pos + 2)
        if (end < 0) throw REFUSE
        this.pos = end + 2
      } else return
    }
  }

  /**
   * One newline: `\n`, `\r\n`, or a `#`/`//` comment through its newline (or
   * the end of the text). False, consuming nothing, when there is none here.
   */
  private newline(): boolean {
    const t = this.text
    const c = this.peek()
    if (c === NL) {
      this.pos++
      return true
    }
    if (c === CR) {
      if (t.charCodeAt(this.pos + 1) !== NL) throw REFUSE
      this.pos += 2
      return true
    }
    if (c === HASH || (c === SLASH && t.charCodeAt(this.pos + 1) === SLASH)) {
      const end = t.indexOf('\n', this.pos)
      this.pos = end < 0 ? t.length : end + 1
      return true
    }
    return false
  }

  /** Any whitespace, comments and newlines. */
  private skipAll(): void {
    for (;;) {
      this.skipInline()
      if (!this.newline()) return
    }
  }

  /** After an attribute or block: a newline, or the end of the text. */
  private endOfLine(): void {
    this.skipInline()
    if (this.pos >= this.text.length) return
    if (!this.newline()) throw REFUSE
  }

  private ident(): string {
    const t = this.text
    const start = this.pos
    if (!isIdentStart(this.peek())) throw REFUSE
    this.pos++
    while (this.pos < t.length && isIdentPart(t.charCodeAt(this.pos))) this.pos++
    return t.slice(start, this.pos)
  }

  /** A quoted string without templates; the opening quote is at `pos`. */
  private string(): string {
    const t = this.text
    this.pos++
    let out = ''
    let chunk = this.pos
    for (;;) {
      if (this.pos >= t.length) throw REFUSE
      const c = t.charCodeAt(this.pos)
      if (c === QUOTE) {
        out += t.slice(chunk, this.pos)
        this.pos++
        break
      }
      if (c === NL || c === CR) throw REFUSE
      if ((c === DOLLAR || c === PERCENT) && t.charCodeAt(this.pos + 1) === LBRACE) throw REFUSE
      if (c === BACKSLASH) {
        out += t.slice(chunk, this.pos)
        out += this.escape()
        chunk = this.pos
        continue
      }
      this.pos++
    }
    if (out !== out.normalize('NFC')) throw REFUSE
    return out
  }

  private escape(): string {
    const t = this.text
    const c = t.charCodeAt(this.pos + 1)
    this.pos += 2
    switch (c) {
      case 110: return '\n' // n
      case 114: return '\r' // r
      case 116: return '\t' // t
      case QUOTE: return '"'
      case BACKSLASH: return '\\'
      case 117: return this.hexEscape(4) // u
      case 85: return this.hexEscape(8) // U
      default: throw REFUSE
    }
  }

  private hexEscape(digits: number): string {
    const hex = this.text.slice(this.pos, this.pos + digits)
    if (!new RegExp(`^[0-9a-fA-F]{${digits}}$`).test(hex)) throw REFUSE
    const code = parseInt(hex, 16)
    if ((code >= 0xd800 && code <= 0xdfff) || code > 0x10ffff) throw REFUSE
    this.pos += digits
    return String.fromCodePoint(code)
  }

  /** Non-negative decimal literal, short enough to convert exactly as Go does. */
  private number(): number {
    const re = /[0-9]+(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y
    re.lastIndex = this.pos
    const m = re.exec(this.text)
    if (m === null) throw REFUSE
    const lit = m[0]
    if (lit.length > 20) throw REFUSE
    const exp = /[eE]([+-]?[0-9]+)$/.exec(lit)
    if (exp && Math.abs(Number(exp[1])) > 300) throw REFUSE
    this.pos += lit.length
    const next = this.peek()
    if (isIdentPart(next) || next === 46 /* . */) throw REFUSE
    return Number(lit)
  }

  private value(): Value {
    const c = this.peek()
    if (c === QUOTE) return this.string()
    if (c === LBRACKET) return this.list()
    if (c === LBRACE) return this.object()
    if (isDigit(c)) return this.number()
    if (isIdentStart(c)) {
      const word = this.ident()
      if (word === 'true') return true
      if (word === 'false') return false
      if (word === 'null') return null
    }
    throw REFUSE
  }

  private list(): Value[] {
    this.pos++
    const out: Value[] = []
    this.skipAll()
    for (;;) {
      if (this.peek() === RBRACKET) {
        this.pos++
        return out
      }
      out.push(this.value())
      this.skipAll()
      const c = this.peek()
      if (c === COMMA) {
        this.pos++
        this.skipAll()
      } else if (c !== RBRACKET) throw REFUSE
    }
  }

  private object(): Obj {
    this.pos++
    const entries = new Map<string, Value>()
    this.skipAll()
    for (;;) {
      const c = this.peek()
      if (c === RBRACE) {
        this.pos++
        return sortedObject(entries)
      }
      let key: string
      if (c === QUOTE) key = this.string()
      else {
        key = this.ident()
        if (key === 'true' || key === 'false' || key === 'null') throw REFUSE
      }
      this.skipInline()
      const sep = this.peek()
      if (sep !== EQUALS && sep !== COLON) throw REFUSE
      this.pos++
      this.skipInline()
      const v = this.value()
      entries.delete(key)
      entries.set(checkKey(key), v)
      this.skipInline()
      const after = this.peek()
      if (after === COMMA) {
        this.pos++
        this.skipAll()
      } else if (after === RBRACE) continue
      else if (this.newline()) this.skipAll()
      else throw REFUSE
    }
  }

  /**
   * A body: attributes and blocks, up to the end of the text (top level) or
   * its closing brace (left unconsumed).
   */
  body(top: boolean): Obj {
    const attrs = new Map<string, Value>()
    /** Block type → bodies (no label) or label → bodies (one label). */
    const blocks = new Map<string, { labelled: boolean; bodies: Obj[]; byLabel: Map<string, Obj[]> }>()
    for (;;) {
      this.skipAll()
      const c = this.peek()
      if (c === -1) {
        if (!top) throw REFUSE
        break
      }
      if (c === RBRACE) {
        if (top) throw REFUSE
        break
      }
      const name = checkKey(this.ident())
      this.skipInline()
      const next = this.peek()
      if (next === EQUALS) {
        this.pos++
        this.skipInline()
        if (attrs.has(name) || blocks.has(name)) throw REFUSE
        attrs.set(name, this.value())
        this.endOfLine()
        continue
      }
      let label: string | undefined
      if (next === QUOTE) {
        label = checkKey(this.string())
        this.skipInline()
      }
      if (this.peek() !== LBRACE) throw REFUSE
      this.pos++
      const content = this.blockContent()
      this.endOfLine()
      if (attrs.has(name)) throw REFUSE
      let group = blocks.get(name)
      if (group === undefined) {
        group = { labelled: label !== undefined, bodies: [], byLabel: new Map() }
        blocks.set(name, group)
      } else if (group.labelled !== (label !== undefined)) throw REFUSE
      if (label === undefined) group.bodies.push(content)
      else {
        const list = group.byLabel.get(label)
        if (list === undefined) group.byLabel.set(label, [content])
        else list.push(content)
      }
    }
    const entries = new Map<string, Value>(attrs)
    for (const [name, group] of blocks) {
      entries.set(name, group.labelled ? sortedObject(new Map<string, Value>(group.byLabel)) : group.bodies)
    }
    return sortedObject(entries)
  }

  /** After a block's `{`: a multi-line body, or the single-line form `{ a = v }`. */
  private blockContent(): Obj {
    this.skipInline()
    if (this.newline()) {
      const content = this.body(false)
      this.pos++ // the closing brace
      return content
    }
    if (this.peek() === RBRACE) {
      this.pos++
      return {}
    }
    const name = checkKey(this.ident())
    this.skipInline()
    if (this.peek() !== EQUALS) throw REFUSE
    this.pos++
    this.skipInline()
    const v = this.value()
    this.skipInline()
    if (this.peek() !== RBRACE) throw REFUSE
    this.pos++
    return { [name]: v }
  }
}

/**
 * The hcl2json-shaped object for `text`, or undefined when the text is
 * outside the subset this parser handles (the caller then uses hcl2json).
 */
export function parseHclLite(text: string): Record<string, unknown> | undefined {
  try {
    return new Parser(text).body(true)
  } catch {
    // REFUSE, or e.g. a stack overflow on absurd nesting: hcl2json decides.
    return undefined
  }
}

/**
 * Canonical layout of a policy file, after the HCL printer `vault policy fmt`
 * uses: two-space indentation, one space around `=`, `=` aligned across
 * consecutive attributes of a block, `["a", "b"]` lists (one element per line
 * with trailing commas when the source list spanned lines), a blank line
 * between top-level blocks, comments and heredocs kept, one newline at the end.
 * Only layout changes; validity is checked by the policy parser beforehand.
 *
 * @example
 * formatHcl('path "a" {\ncapabilities=["read","list"]\n}')
 * // 'path "a" {\n  capabilities = ["read", "list"]\n}\n'
 */

interface Token {
  kind: 'comment' | 'string' | 'heredoc' | 'word' | 'punct'
  text: string
  line: number
  endLine: number
}

type Value =
  | { kind: 'scalar'; text: string }
  | { kind: 'list'; items: Value[]; multiline: boolean }
  | { kind: 'object'; body: Item[] }

interface Item {
  keys: string[]
  /** An attribute (`k = v`) or a block (`k "label" { ... }`). */
  value?: Value
  body?: Item[]
  /** A block written on one line (`path "x" {}`). */
  oneLine: boolean
  lead: string[]
  trailing?: string
  blankBefore: boolean
  line: number
  endLine: number
}

function tokenize(src: string): Token[] {
  const tokens: Token[] = []
  let i = 0
  let line = 1
  const push = (kind: Token['kind'], text: string, startLine: number) => tokens.push({ kind, text, line: startLine, endLine: line })
  while (i < src.length) {
    const c = src[i] as string
    if (c === '\n') {
      line++
      i++
    } else if (c === ' ' || c === '\t' || c === '\r') i++
    else if (c === '#' || src.startsWith('//', i)) {
      const end = src.indexOf('\n', i)
      const text = src.slice(i, end === -1 ? src.length : end).trimEnd()
      push('comment', text, line)
      i = end === -1 ? src.length : end
    } else if (src.startsWith('/*', i)) {
      const end = src.indexOf('*/', i + 2)
      const text = src.slice(i, end === -1 ? src.length : end + 2)
      const start = line
      line += text.split('\n').length - 1
      push('comment', text, start)
      i += text.length
    } else if (c === '"') {
      let j = i + 1
      while (j < src.length && src[j] !== '"') j += src[j] === '\\' ? 2 : 1
      push('string', src.slice(i, j + 1), line)
      i = j + 1
    } else if (src.startsWith('<<', i)) {
      const header = /^<<(-?)([A-Za-z_][\w-]*)[^\n]*\n/.exec(src.slice(i))
      if (!header) {
        push('punct', '<<', line)
        i += 2
        continue
      }
      const start = line
      let j = i + header[0].length
      line++
      for (;;) {
        const end = src.indexOf('\n', j)
        const current = src.slice(j, end === -1 ? src.length : end)
        const done = (header[1] ? current.trim() : current) === header[2] || end === -1
        j = end === -1 ? src.length : end
        if (done) break
        j++
        line++
      }
      push('heredoc', src.slice(i, j), start)
      i = j
    } else if ('{}[]=,:'.includes(c)) {
      push('punct', c, line)
      i++
    } else {
      const match = /^[^\s{}[\]=,:"#]+/.exec(src.slice(i))
      const text = match ? match[0] : c
      push('word', text, line)
      i += text.length
    }
  }
  return tokens
}

class Parser {
  private pos = 0
  constructor(private readonly tokens: Token[]) {}

  private peek(): Token | undefined {
    return this.tokens[this.pos]
  }

  private next(): Token {
    const token = this.tokens[this.pos++]
    if (!token) throw new Error('unexpected end of file')
    return token
  }

  body(closing: boolean): Item[] {
    const items: Item[] = []
    let lead: string[] = []
    let lastLine = 0
    let blank = false
    for (let t = this.peek(); t; t = this.peek()) {
      if (closing && t.kind === 'punct' && t.text === '}') break
      if (lastLine > 0 && t.line > lastLine + 1) blank = true
      if (t.kind === 'comment') {
        const previous = items[items.length - 1]
        if (previous && !previous.trailing && t.line === previous.endLine && lead.length === 0) previous.trailing = t.text
        else lead.push(t.text)
        lastLine = t.endLine
        this.pos++
        continue
      }
      if (t.kind === 'punct' && t.text === ',') {
        this.pos++
        continue
      }
      const item = this.item()
      item.lead = lead
      item.blankBefore = blank
      items.push(item)
      lead = []
      blank = false
      lastLine = item.endLine
    }
    if (lead.length > 0) items.push({ keys: [], oneLine: false, lead, blankBefore: blank, line: lastLine, endLine: lastLine })
    return items
  }

  private item(): Item {
    const keys: string[] = []
    const first = this.peek() as Token
    for (;;) {
      const t = this.next()
      if (t.kind === 'punct' && (t.text === '=' || t.text === ':')) {
        const value = this.value()
        return { keys, value, oneLine: true, lead: [], blankBefore: false, line: first.line, endLine: this.tokens[this.pos - 1]?.endLine ?? t.line }
      }
      if (t.kind === 'punct' && t.text === '{') {
        const body = this.body(true)
        const close = this.next()
        return { keys, body, oneLine: close.line === t.line, lead: [], blankBefore: false, line: first.line, endLine: close.endLine }
      }
      if (t.kind === 'punct') throw new Error(`unexpected ${t.text}`)
      keys.push(t.text)
    }
  }

  private value(): Value {
    const t = this.next()
    if (t.kind === 'punct' && t.text === '[') {
      const items: Value[] = []
      for (let n = this.peek(); n && !(n.kind === 'punct' && n.text === ']'); n = this.peek()) {
        if ((n.kind === 'punct' && n.text === ',') || n.kind === 'comment') {
          this.pos++
          continue
        }
        items.push(this.value())
      }
      const close = this.next()
      return { kind: 'list', items, multiline: close.line !== t.line }
    }
    if (t.kind === 'punct' && t.text === '{') {
      const body = this.body(true)
      this.next()
      return { kind: 'object', body }
    }
    return { kind: 'scalar', text: t.text }
  }
}

function printValue(value: Value, indent: string): string {
  switch (value.kind) {
    case 'scalar':
      return value.text
    case 'list':
      if (!value.multiline || value.items.length === 0) return `[${value.items.map((v) => printValue(v, indent)).join(', ')}]`
      return `[\n${value.items.map((v) => `${indent}  ${printValue(v, `${indent}  `)},\n`).join('')}${indent}]`
    case 'object':
      return value.body.length === 0 ? '{}' : `{\n${printBody(value.body, `${indent}  `, false)}\n${indent}}`
  }
}

/** A single-line attribute, which lines up with its neighbours. */
function alignable(item: Item): boolean {
  return item.value !== undefined && item.value.kind !== 'object' && !(item.value.kind === 'list' && item.value.multiline)
}

function printBody(items: Item[], indent: string, top: boolean): string {
  const out: string[] = []
  items.forEach((item, i) => {
    const previous = items[i - 1]
    if (previous) {
      const adjacentOneLiners = item.line === previous.endLine + 1 && previous.oneLine && item.oneLine && previous.body !== undefined && item.body !== undefined
      if (top ? !adjacentOneLiners || item.blankBefore : item.blankBefore) out.push('')
    }
    for (const comment of item.lead) out.push(indent + comment)
    if (item.keys.length === 0) return
    let keyText = item.keys.join(' ')
    if (alignable(item)) {
      let width = keyText.length
      for (let j = i - 1; j >= 0 && alignable(items[j] as Item) && !(items[j + 1] as Item).blankBefore && (items[j + 1] as Item).lead.length === 0; j--) {
        width = Math.max(width, (items[j] as Item).keys.join(' ').length)
      }
      for (let j = i + 1; j < items.length && alignable(items[j] as Item) && !(items[j] as Item).blankBefore && (items[j] as Item).lead.length === 0; j++) {
        width = Math.max(width, (items[j] as Item).keys.join(' ').length)
      }
      keyText = keyText.padEnd(width)
    }
    const trailing = item.trailing ? ` ${item.trailing}` : ''
    if (item.value) out.push(`${indent}${keyText} = ${printValue(item.value, indent)}${trailing}`)
    else if (item.body && item.body.length === 0) out.push(`${indent}${keyText} {}${trailing}`)
    else out.push(`${indent}${keyText} {\n${printBody(item.body ?? [], `${indent}  `, false)}\n${indent}}${trailing}`)
  })
  return out.join('\n')
}

/** Reformats HCL source; throws on text it cannot read (callers validate first). */
export function formatHcl(source: string): string {
  const body = new Parser(tokenize(source)).body(false)
  const printed = printBody(body, '', true)
  return printed === '' ? '' : `${printed}\n`
}

/**
 * The Consul Template subset the agent renders, parsed into a small tree:
 * text, `{{ .Field.Chain }}`, `{{ with secret "path" ["k=v"...] }} ... [{{ else }} ...] {{ end }}`
 * (also `{{ with .Field }}`), `{{- -}}` trimming and `{{/* comments *\/}}`.
 * Everything else is refused with the template's name and line.
 */
import { TemplateError } from './template-error.js'

/** `secret "path" "k=v"`: a read, or a write when arguments are given. */
export interface SecretCall {
  path: string
  /** `k=v` arguments, sent as the body of a write. */
  writeData?: Record<string, string>
}

export type TemplateNode =
  | { kind: 'text'; text: string }
  | { kind: 'field'; chain: string[]; line: number }
  | { kind: 'with'; subject: SecretCall | { chain: string[] }; body: TemplateNode[]; otherwise: TemplateNode[]; line: number }

interface Action {
  inner: string
  line: number
}

type Piece = { kind: 'text'; text: string } | { kind: 'action'; action: Action }

/** Split into text and `{{ }}` actions, applying the `{{-` / `-}}` trimming to the neighbouring text. */
function lex(text: string, name: string): Piece[] {
  const pieces: Piece[] = []
  let pos = 0
  let trimNext = false
  while (pos <= text.length) {
    const open = text.indexOf('{{', pos)
    let chunk = open === -1 ? text.slice(pos) : text.slice(pos, open)
    if (trimNext) chunk = chunk.replace(/^\s+/, '')
    trimNext = false
    if (open === -1) {
      if (chunk) pieces.push({ kind: 'text', text: chunk })
      break
    }
    const line = lineAt(text, open)
    let start = open + 2
    if (/^-\s/.test(text.slice(start, start + 2))) {
      chunk = chunk.replace(/\s+$/, '')
      start += 2
    }
    if (chunk) pieces.push({ kind: 'text', text: chunk })
    const close = findClose(text, start)
    if (close === -1) throw new TemplateError(name, line, 'unclosed action: "{{" without "}}"')
    let end = close
    if (/\s-$/.test(text.slice(close - 2, close))) {
      end = close - 2
      trimNext = true
    }
    pieces.push({ kind: 'action', action: { inner: text.slice(start, end).trim(), line } })
    pos = close + 2
  }
  return pieces
}

/** The `}}` closing an action, skipping over quoted strings. */
function findClose(text: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    const c = text[i]
    if (c === '"') {
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === '\\') i++
    } else if (c === '`') {
      i = text.indexOf('`', i + 1)
      if (i === -1) return -1
    } else if (c === '}' && text[i + 1] === '}') return i
  }
  return -1
}

function lineAt(text: string, index: number): number {
  let line = 1
  for (let i = 0; i < index; i++) if (text.charCodeAt(i) === 10) line++
  return line
}

/** The words of an action: bare words and Go string literals (returned unquoted, flagged). */
function words(inner: string, name: string, line: number): Array<{ word: string; quoted: boolean }> {
  const out: Array<{ word: string; quoted: boolean }> = []
  const re = /\s*(?:"((?:[^"\\]|\\.)*)"|`([^`]*)`|([^\s"`]+))/gy
  let m: RegExpExecArray | null
  while (re.lastIndex < inner.length && (m = re.exec(inner))) {
    if (m[1] !== undefined) {
      try {
        out.push({ word: JSON.parse(`"${m[1]}"`) as string, quoted: true })
      } catch {
        throw new TemplateError(name, line, `bad string literal "${m[1]}"`)
      }
    } else if (m[2] !== undefined) out.push({ word: m[2], quoted: true })
    else out.push({ word: m[3]!, quoted: false })
  }
  if (re.lastIndex < inner.trimEnd().length) throw new TemplateError(name, line, `cannot read "${inner}"`)
  return out
}

function fieldChain(word: string, name: string, line: number): string[] {
  if (word === '.') return []
  if (!/^(\.[A-Za-z_][A-Za-z0-9_-]*)+$/.test(word)) throw new TemplateError(name, line, `unsupported expression "${word}"; vault-emu agent renders fields such as .Data.password`)
  return word.slice(1).split('.')
}

function secretCall(args: Array<{ word: string; quoted: boolean }>, name: string, line: number): SecretCall {
  if (args.length === 0 || !args.every((a) => a.quoted)) throw new TemplateError(name, line, 'secret takes a quoted path and optional quoted "key=value" arguments, e.g. secret "database/creds/app"')
  const [path, ...rest] = args.map((a) => a.word)
  if (rest.length === 0) return { path: path! }
  const writeData: Record<string, string> = {}
  for (const arg of rest) {
    const eq = arg.indexOf('=')
    if (eq <= 0) throw new TemplateError(name, line, `secret argument "${arg}" must look like "key=value"`)
    writeData[arg.slice(0, eq)] = arg.slice(eq + 1)
  }
  return { path: path!, writeData }
}

const UNSUPPORTED_HINT = 'vault-emu agent supports {{ with secret "path" }}, {{ .Field }}, {{ else }}, {{ end }} and {{/* comments */}}'

/**
 * Parse template text. `name` (the template file, or the config file for
 * inline `contents`) appears in errors, with the line.
 *
 * @throws {TemplateError} for syntax errors and unsupported Consul Template features.
 */
export function parseTemplate(text: string, name: string): TemplateNode[] {
  const pieces = lex(text, name)
  const root: TemplateNode[] = []
  const stack: Array<{ node: Extract<TemplateNode, { kind: 'with' }>; inElse: boolean }> = []
  const target = (): TemplateNode[] => {
    const top = stack.at(-1)
    if (!top) return root
    return top.inElse ? top.node.otherwise : top.node.body
  }
  for (const piece of pieces) {
    if (piece.kind === 'text') {
      target().push(piece)
      continue
    }
    const { inner, line } = piece.action
    if (inner.startsWith('/*')) {
      if (!inner.endsWith('*/')) throw new TemplateError(name, line, 'unclosed comment')
      continue
    }
    const ws = words(inner, name, line)
    const head = ws[0]
    if (!head) throw new TemplateError(name, line, 'empty action "{{ }}"')
    if (!head.quoted && head.word === 'with') {
      const rest = ws.slice(1)
      let subject: SecretCall | { chain: string[] }
      if (rest[0] && !rest[0].quoted && rest[0].word === 'secret') subject = secretCall(rest.slice(1), name, line)
      else if (rest.length === 1 && !rest[0]!.quoted && rest[0]!.word.startsWith('.')) subject = { chain: fieldChain(rest[0]!.word, name, line) }
      else throw new TemplateError(name, line, `unsupported "with ${rest.map((r) => r.word).join(' ')}"; ${UNSUPPORTED_HINT}`)
      const node: Extract<TemplateNode, { kind: 'with' }> = { kind: 'with', subject, body: [], otherwise: [], line }
      target().push(node)
      stack.push({ node, inElse: false })
    } else if (!head.quoted && head.word === 'else' && ws.length === 1) {
      const top = stack.at(-1)
      if (!top || top.inElse) throw new TemplateError(name, line, '{{ else }} outside a {{ with }}')
      top.inElse = true
    } else if (!head.quoted && head.word === 'end' && ws.length === 1) {
      if (!stack.pop()) throw new TemplateError(name, line, '{{ end }} without a {{ with }}')
    } else if (!head.quoted && head.word.startsWith('.') && ws.length === 1) {
      target().push({ kind: 'field', chain: fieldChain(head.word, name, line), line })
    } else {
      throw new TemplateError(name, line, `unsupported action "{{ ${inner} }}"; ${UNSUPPORTED_HINT}`)
    }
  }
  const open = stack.at(-1)
  if (open) throw new TemplateError(name, open.node.line, '{{ with }} without a matching {{ end }}')
  return root
}

/** Every secret the template reads or writes, in order of appearance. */
export function secretCalls(nodes: readonly TemplateNode[]): SecretCall[] {
  const out: SecretCall[] = []
  for (const node of nodes) {
    if (node.kind !== 'with') continue
    if ('path' in node.subject) out.push(node.subject)
    out.push(...secretCalls(node.body), ...secretCalls(node.otherwise))
  }
  return out
}

/**
 * Vault's `username_template`: a Go text/template whose actions are
 * pipelines of the functions in {@link templateFuncs} over `.DisplayName` and
 * `.RoleName`. Control actions (`if`, `range`...) are not part of Vault's
 * documented language and are refused at parse time.
 *
 * @example
 * const t = parseUsernameTemplate(DEFAULT_POSTGRES_USERNAME_TEMPLATE)
 * t.render({ DisplayName: 'token', RoleName: 'readonly' }, clock.now())
 * // 'v-token-readonly-4XfHw0cT6yhGq2aBmSPE-1893456000'
 */
import { templateFuncs } from './template-funcs.js'
import type { TemplateValue } from './template-funcs.js'

/** The postgres plugin's default template. */
export const DEFAULT_POSTGRES_USERNAME_TEMPLATE =
  '{{ printf "v-%s-%s-%s-%s" (.DisplayName | truncate 8) (.RoleName | truncate 8) (random 20) (unix_time) | truncate 63 }}'

export interface UsernameMetadata {
  DisplayName: string
  RoleName: string
}

type Operand =
  | { kind: 'field'; name: string }
  | { kind: 'dot' }
  | { kind: 'literal'; value: TemplateValue }
  | { kind: 'func'; name: string }
  | { kind: 'group'; pipeline: Pipeline }

type Command = Operand[]
type Pipeline = Command[]
type Node = { kind: 'text'; text: string } | { kind: 'action'; pipeline: Pipeline }

export class TemplateError extends Error {
  override name = 'TemplateError'
}

const KNOWN_FUNCS = new Set(Object.keys(templateFuncs(0)))
const CONTROL = new Set(['if', 'else', 'end', 'range', 'with', 'define', 'template', 'block', 'break', 'continue'])

export interface UsernameTemplate {
  render(data: UsernameMetadata, nowMs: number): string
}

/** Parse a template; throws {@link TemplateError} worded as Vault's `unable to parse template: ...`. */
export function parseUsernameTemplate(source: string): UsernameTemplate {
  const nodes = parseNodes(source)
  return {
    render: (data, nowMs) => {
      const funcs = templateFuncs(nowMs)
      let out = ''
      for (const node of nodes) {
        if (node.kind === 'text') out += node.text
        else out += String(evalPipeline(node.pipeline, data, funcs))
      }
      return out
    },
  }
}

function parseNodes(source: string): Node[] {
  const nodes: Node[] = []
  let i = 0
  let pendingTrim = false
  while (i < source.length) {
    const open = source.indexOf('{{', i)
    let text = open === -1 ? source.slice(i) : source.slice(i, open)
    if (pendingTrim) text = text.replace(/^\s+/, '')
    if (open === -1) {
      if (text) nodes.push({ kind: 'text', text })
      break
    }
    let start = open + 2
    if (source.startsWith('- ', start) || source.startsWith('-\t', start) || source.startsWith('-\n', start)) {
      text = text.replace(/\s+$/, '')
      start += 1
    }
    if (text) nodes.push({ kind: 'text', text })
    const close = findClose(source, start)
    if (close === -1) throw parseError('unclosed action')
    let end = close
    pendingTrim = false
    if (/\s-$/.test(source.slice(start, close))) {
      end = close - 1
      pendingTrim = true
    }
    const body = source.slice(start, end).trim()
    i = close + 2
    if (body.startsWith('/*')) {
      if (!body.endsWith('*/')) throw parseError('unclosed comment')
      continue
    }
    nodes.push({ kind: 'action', pipeline: parsePipeline(tokenize(body)) })
  }
  return nodes
}

/** The `}}` closing an action, skipping over quoted strings. */
function findClose(source: string, from: number): number {
  let i = from
  while (i < source.length) {
    const c = source[i]
    if (c === '"') {
      i++
      while (i < source.length && source[i] !== '"') i += source[i] === '\\' ? 2 : 1
    } else if (c === '`') {
      i = source.indexOf('`', i + 1)
      if (i === -1) return -1
    } else if (source.startsWith('}}', i)) {
      return i
    }
    i++
  }
  return -1
}

type Token = { t: 'pipe' } | { t: 'open' } | { t: 'close' } | { t: 'operand'; operand: Operand }

function tokenize(body: string): Token[] {
  const tokens: Token[] = []
  let i = 0
  while (i < body.length) {
    const c = body[i] as string
    if (/\s/.test(c)) {
      i++
    } else if (c === '|') {
      tokens.push({ t: 'pipe' })
      i++
    } else if (c === '(') {
      tokens.push({ t: 'open' })
      i++
    } else if (c === ')') {
      tokens.push({ t: 'close' })
      i++
    } else if (c === '"') {
      let j = i + 1
      while (j < body.length && body[j] !== '"') j += body[j] === '\\' ? 2 : 1
      if (j >= body.length) throw parseError('unterminated quoted string')
      const value = JSON.parse(body.slice(i, j + 1)) as string
      tokens.push({ t: 'operand', operand: { kind: 'literal', value } })
      i = j + 1
    } else if (c === '`') {
      const j = body.indexOf('`', i + 1)
      if (j === -1) throw parseError('unterminated raw quoted string')
      tokens.push({ t: 'operand', operand: { kind: 'literal', value: body.slice(i + 1, j) } })
      i = j + 1
    } else {
      const m = /^(?:\.[A-Za-z_][A-Za-z0-9_]*|\.|-?\d+|[A-Za-z_][A-Za-z0-9_]*)/.exec(body.slice(i))
      if (!m) throw parseError(`unexpected ${JSON.stringify(c)} in command`)
      tokens.push({ t: 'operand', operand: operandOf(m[0]) })
      i += m[0].length
    }
  }
  return tokens
}

function operandOf(word: string): Operand {
  if (word === '.') return { kind: 'dot' }
  if (word.startsWith('.')) return { kind: 'field', name: word.slice(1) }
  if (/^-?\d+$/.test(word)) return { kind: 'literal', value: Number(word) }
  if (word === 'true' || word === 'false') return { kind: 'literal', value: word === 'true' }
  if (CONTROL.has(word)) throw parseError(`unsupported action ${JSON.stringify(word)}: only pipelines of functions are supported`)
  if (!KNOWN_FUNCS.has(word)) throw parseError(`function ${JSON.stringify(word)} not defined`)
  return { kind: 'func', name: word }
}

function parsePipeline(tokens: Token[]): Pipeline {
  let pos = 0
  const pipeline = (): Pipeline => {
    const commands: Pipeline = []
    let command: Command = []
    while (pos < tokens.length) {
      const token = tokens[pos] as Token
      if (token.t === 'close') break
      pos++
      if (token.t === 'pipe') {
        if (command.length === 0) throw parseError('missing command before |')
        commands.push(command)
        command = []
      } else if (token.t === 'open') {
        const inner = pipeline()
        if (tokens[pos]?.t !== 'close') throw parseError('unclosed left paren')
        pos++
        command.push({ kind: 'group', pipeline: inner })
      } else {
        command.push(token.operand)
      }
    }
    if (command.length === 0) throw parseError(commands.length === 0 ? 'missing value for command' : 'missing command after |')
    commands.push(command)
    return commands
  }
  const result = pipeline()
  if (pos < tokens.length) throw parseError('unexpected right paren')
  return result
}

function parseError(detail: string): TemplateError {
  return new TemplateError(`unable to parse template: template: template:1: ${detail}`)
}

function execError(detail: string): TemplateError {
  return new TemplateError(`unable to apply template: template: template:1: executing "template": ${detail}`)
}

type Funcs = ReturnType<typeof templateFuncs>

function evalPipeline(pipeline: Pipeline, data: UsernameMetadata, funcs: Funcs): TemplateValue {
  let piped: TemplateValue | undefined
  for (const command of pipeline) piped = evalCommand(command, data, funcs, piped)
  return piped ?? ''
}

function evalCommand(command: Command, data: UsernameMetadata, funcs: Funcs, piped: TemplateValue | undefined): TemplateValue {
  const [head, ...rest] = command
  if (!head) throw execError('empty command')
  if (head.kind !== 'func') {
    if (rest.length > 0 || piped !== undefined) throw execError(`can't give argument to non-function ${describe(head)}`)
    return evalOperand(head, data, funcs)
  }
  const args = rest.map((op) => evalOperand(op, data, funcs))
  if (piped !== undefined) args.push(piped)
  const fn = funcs[head.name]
  if (!fn) throw execError(`function ${JSON.stringify(head.name)} not defined`)
  try {
    return fn(...args)
  } catch (err) {
    throw execError(`error calling ${head.name}: ${err instanceof Error ? err.message : String(err)}`)
  }
}

function evalOperand(op: Operand, data: UsernameMetadata, funcs: Funcs): TemplateValue {
  switch (op.kind) {
    case 'literal':
      return op.value
    case 'dot':
      return `{${data.DisplayName} ${data.RoleName}}`
    case 'field': {
      if (op.name !== 'DisplayName' && op.name !== 'RoleName') {
        throw execError(`can't evaluate field ${op.name} in type dbplugin.UsernameMetadata`)
      }
      return data[op.name]
    }
    case 'func':
      return evalCommand([op], data, funcs, undefined)
    case 'group':
      return evalPipeline(op.pipeline, data, funcs)
  }
}

function describe(op: Operand): string {
  if (op.kind === 'field') return `.${op.name}`
  if (op.kind === 'literal') return JSON.stringify(op.value)
  return op.kind
}

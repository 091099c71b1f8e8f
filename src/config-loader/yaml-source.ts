/**
 * A parsed YAML file that remembers where every value came from, so that schema
 * errors, interpolation errors and lint findings can name file:line:col.
 */
import { isCollection, isScalar, LineCounter, parseDocument } from 'yaml'
import type { Document, Node } from 'yaml'
import { ConfigError } from './config-error.js'
import type { SourcePosition } from './config-error.js'

export type InstancePath = readonly (string | number)[]

export interface YamlSource {
  readonly file: string
  readonly text: string
  readonly doc: Document.Parsed
  /** Position of the value at `path`, or of its nearest existing parent. */
  positionOf(path: InstancePath, key?: boolean): SourcePosition
  /** Position of a character offset. */
  positionAt(offset: number): SourcePosition
}

/** Parses `text`; a syntax error throws a {@link ConfigError} naming the line. */
export function parseYamlSource(file: string, text: string): YamlSource {
  const lineCounter = new LineCounter()
  const doc = parseDocument(text, { lineCounter, keepSourceTokens: true, prettyErrors: false })
  const positionAt = (offset: number): SourcePosition => {
    const { line, col } = lineCounter.linePos(offset)
    return { file, line, col }
  }
  const first = doc.errors[0]
  if (first) throw new ConfigError(`YAML syntax error: ${first.message.split('\n')[0] ?? ''}; fix the YAML syntax`, positionAt(first.pos[0]))
  return {
    file,
    text,
    doc,
    positionAt,
    positionOf(path, key = false) {
      let node: unknown = doc.contents
      let keyNode: unknown
      for (const part of path) {
        if (!isCollection(node)) break
        const pair = findPair(node, part)
        if (!pair) break
        keyNode = pair.key
        node = pair.value
      }
      const target = key && keyNode ? keyNode : node
      const range = (target as Node | null)?.range ?? (keyNode as Node | undefined)?.range
      return positionAt(range?.[0] ?? 0)
    },
  }
}

function findPair(node: Node, part: string | number): { key: unknown; value: unknown } | undefined {
  const items = (node as { items: unknown[] }).items
  if (typeof part === 'number' && !('key' in ((items[0] as object | undefined) ?? {}))) {
    const value = items[part]
    return value === undefined ? undefined : { key: undefined, value }
  }
  for (const item of items) {
    const pair = item as { key?: unknown; value?: unknown }
    const k = isScalar(pair.key) ? pair.key.value : pair.key
    if (String(k) === String(part)) return { key: pair.key, value: pair.value }
  }
  return undefined
}

/**
 * Declaring an endpoint: a pattern relative to the mount, its fields and one
 * handler per operation (Vault's sdk/framework `Path`).
 *
 * Pattern syntax, segment by segment:
 * - `config`      a literal segment
 * - `:name`       one non-empty segment, captured as field `name`
 * - `:name?`      an optional last segment
 * - `:name+`      the non-empty remainder of the path (may contain `/`)
 * - `:name*`      the remainder, possibly empty
 *
 * @example
 * export const loginPath = definePath({
 *   pattern: 'login/:username',
 *   fields: {
 *     username: field.string({ doc: 'User to log in as.' }),
 *     password: field.string({ doc: 'Password.', sensitive: true }),
 *   },
 *   operations: {
 *     update: async ({ data }) => ({ data: { hello: data.username } }),
 *   },
 * })
 */
import type { LogicalRequest, LogicalResponse, Operation } from '../core/request.js'
import type { FieldSpec, FieldSpecs, FieldValues } from './fields.js'
import type { HandlerEnv } from './env.js'

export interface RequestContext<F extends FieldSpecs = FieldSpecs> extends HandlerEnv {
  req: LogicalRequest
  /** Declared fields, coerced, with defaults. */
  data: FieldValues<F>
  /** Everything the client sent plus path captures, uncoerced. */
  raw: Record<string, unknown>
  /** Whether the client sent this field (or the path captured it). */
  has(name: keyof F & string): boolean
  /** The operation after the existence check (`create` or `update` for writes). */
  operation: Operation
  /** Add a warning to the response envelope. */
  warn(message: string): void
}

export type Handler<F extends FieldSpecs = FieldSpecs> = (
  ctx: RequestContext<F>,
) => Promise<LogicalResponse | undefined> | LogicalResponse | undefined

export type HandledOperation = Exclude<Operation, 'header'>

export interface PathDefinition<F extends FieldSpecs = FieldSpecs> {
  pattern: string
  fields?: F
  /** Keep fields the path does not declare (KV v1, cubbyhole: the body is the secret). */
  takesAnyField?: boolean
  operations: Partial<Record<HandledOperation, Handler<F>>>
  /** Decides `create` vs `update` for writes (and thus which capability the ACL needs). */
  existenceCheck?: (ctx: RequestContext<F>) => Promise<boolean> | boolean
  synopsis?: string
}

export interface CompiledPath {
  readonly definition: PathDefinition
  readonly regex: RegExp
  readonly captures: readonly string[]
  /** Text every matching path starts with (the literal segments before the first capture). */
  readonly literalPrefix: string
  /** The whole pattern when it has no captures: it then matches exactly this text (no regex run). */
  readonly literal: string | undefined
  /** `definition.fields` as entries, listed once rather than on every request. */
  readonly fieldList: readonly (readonly [string, FieldSpec])[]
}

function literalPrefixOf(pattern: string): string {
  const segments = pattern.split('/')
  const firstCapture = segments.findIndex((s) => s.startsWith(':'))
  return firstCapture === -1 ? pattern : segments.slice(0, firstCapture).join('/')
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

export function compilePattern(pattern: string): { regex: RegExp; captures: string[] } {
  const captures: string[] = []
  const segments = pattern.split('/')
  let source = ''
  segments.forEach((segment, i) => {
    const sep = i === 0 ? '' : '/'
    const m = /^:([A-Za-z_][A-Za-z0-9_]*)([?+*]?)$/.exec(segment)
    if (!m) {
      source += sep + escapeRegex(segment)
      return
    }
    const name = m[1] as string
    const modifier = m[2]
    captures.push(name)
    if (modifier === '') source += `${sep}([^/]+)`
    else if (modifier === '?') source += `(?:${sep}([^/]+))?`
    else if (modifier === '+') source += `${sep}(.+)`
    else source += i === 0 ? '(.*)' : `(?:${sep}(.*))?`
  })
  return { regex: new RegExp(`^${source}$`), captures }
}

/**
 * Declare an endpoint. Captures must be declared as fields (a typo fails at
 * start-up). The result is type-erased so that paths with different fields
 * sit in one table; handlers keep their precise field types.
 */
export function definePath<F extends FieldSpecs>(definition: PathDefinition<F>): PathDefinition {
  const { captures } = compilePattern(definition.pattern)
  for (const name of captures) {
    if (!definition.fields || !(name in definition.fields)) {
      throw new Error(`[vault-emu] path ${JSON.stringify(definition.pattern)}: capture ":${name}" has no field`)
    }
  }
  // Sound: the core builds `data` from exactly `definition.fields` before calling a handler.
  return definition as unknown as PathDefinition
}

export function compilePath(definition: PathDefinition): CompiledPath {
  const { regex, captures } = compilePattern(definition.pattern)
  const literal = captures.length === 0 ? definition.pattern : undefined
  const fieldList = Object.entries(definition.fields ?? {})
  return { definition, regex, captures, literalPrefix: literalPrefixOf(definition.pattern), literal, fieldList }
}

export interface PathMatch {
  path: CompiledPath
  params: Record<string, string>
}

export function matchPath(paths: readonly CompiledPath[], relative: string): PathMatch | undefined {
  for (const path of paths) {
    if (!relative.startsWith(path.literalPrefix)) continue
    if (path.literal !== undefined) {
      if (relative === path.literal) return { path, params: {} }
      continue
    }
    const m = path.regex.exec(relative)
    if (!m) continue
    const params: Record<string, string> = {}
    for (let i = 0; i < path.captures.length; i++) {
      const value = m[i + 1]
      if (value !== undefined) params[path.captures[i] as string] = value
    }
    return { path, params }
  }
  return undefined
}

/**
 * Go-style flag parsing for the vault-style commands, declared per command.
 *
 * Accepts what Go's `flag` package (and so the real `vault` CLI) accepts:
 * `-name=value`, `-name value`, `--name=value`, boolean `-f` / `-f=false`, and
 * `--` to end flags. Like newer vault releases, flags may also follow
 * positional arguments. A lone `-` is a positional argument (stdin).
 *
 * @example
 * const spec = { ...OUTPUT_FLAGS, policy: flag.strings(), ttl: flag.duration(), orphan: flag.bool() }
 * const { flags, args } = parseFlags(['-policy=a', '-policy', 'b', '-ttl=1h', 'x'], spec)
 * // flags.policy = ['a','b'], flags.ttl = 3600, flags.orphan = false, args = ['x']
 */
import { parseGoDurationSeconds } from './duration.js'

/** One flag's kind; the parsed value's type follows from it. */
export type FlagKind = 'string' | 'bool' | 'duration' | 'int' | 'strings'

/** A flag's declaration: its kind, an optional default and extra names. */
export interface FlagDef<K extends FlagKind = FlagKind> {
  kind: K
  default?: FlagValue<K>
  aliases?: string[]
}

type FlagValue<K extends FlagKind> = K extends 'string'
  ? string
  : K extends 'bool'
    ? boolean
    : K extends 'duration' | 'int'
      ? number
      : string[]

/** A command's flag table: flag name (without dashes) to declaration. */
export type FlagSpec = Record<string, FlagDef>

/** Parsed values: bools default to false, repeatable strings to [], the rest to undefined. */
export type FlagValues<S extends FlagSpec> = {
  [N in keyof S]: S[N] extends FlagDef<infer K>
    ? K extends 'bool' | 'strings'
      ? FlagValue<K>
      : S[N] extends { default: FlagValue<K> }
        ? FlagValue<K>
        : FlagValue<K> | undefined
    : never
}

/** Builders for flag declarations. */
export const flag = {
  string: (opts: Omit<FlagDef<'string'>, 'kind'> = {}): FlagDef<'string'> => ({ kind: 'string', ...opts }),
  bool: (opts: Omit<FlagDef<'bool'>, 'kind'> = {}): FlagDef<'bool'> => ({ kind: 'bool', ...opts }),
  /** A Go duration (`1h30m`, `90s`) or a bare number of seconds; parsed to whole seconds. */
  duration: (opts: Omit<FlagDef<'duration'>, 'kind'> = {}): FlagDef<'duration'> => ({ kind: 'duration', ...opts }),
  int: (opts: Omit<FlagDef<'int'>, 'kind'> = {}): FlagDef<'int'> => ({ kind: 'int', ...opts }),
  /** Repeatable: `-policy=a -policy=b` gives `['a', 'b']`. */
  strings: (opts: Omit<FlagDef<'strings'>, 'kind'> = {}): FlagDef<'strings'> => ({ kind: 'strings', ...opts }),
}

/** `-format=table|json|yaml` and `-field=`, shared by every command that prints a response. */
export const OUTPUT_FLAGS = {
  format: flag.string(),
  field: flag.string(),
} satisfies FlagSpec

/** A flag mistake, printed as the Go flag package words it; the command exits 1. */
export class FlagError extends Error {
  override name = 'FlagError'
}

/** Parses `argv` against `spec`; throws {@link FlagError} on an unknown flag or a bad value. */
export function parseFlags<S extends FlagSpec>(argv: readonly string[], spec: S): { flags: FlagValues<S>; args: string[] } {
  const byName = new Map<string, [string, FlagDef]>()
  for (const [name, def] of Object.entries(spec)) {
    byName.set(name, [name, def])
    for (const alias of def.aliases ?? []) byName.set(alias, [name, def])
  }
  const values: Record<string, unknown> = {}
  for (const [name, def] of Object.entries(spec)) {
    if (def.default !== undefined) values[name] = def.default
    else if (def.kind === 'bool') values[name] = false
    else if (def.kind === 'strings') values[name] = []
  }
  const args: string[] = []
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string
    if (arg === '--') {
      args.push(...argv.slice(i + 1))
      break
    }
    if (!arg.startsWith('-') || arg === '-') {
      args.push(arg)
      continue
    }
    const body = arg.replace(/^--?/, '')
    const eq = body.indexOf('=')
    const name = eq === -1 ? body : body.slice(0, eq)
    const found = byName.get(name)
    if (!found) throw new FlagError(`flag provided but not defined: -${name}`)
    const [key, def] = found
    let raw: string
    if (eq !== -1) raw = body.slice(eq + 1)
    else if (def.kind === 'bool') raw = 'true'
    else {
      if (i + 1 >= argv.length) throw new FlagError(`flag needs an argument: -${name}`)
      raw = argv[++i] as string
    }
    values[key] = convert(def, raw, name, values[key])
  }
  return { flags: values as FlagValues<S>, args }
}

function convert(def: FlagDef, raw: string, name: string, previous: unknown): unknown {
  const invalid = (why: string) => new FlagError(`invalid value ${JSON.stringify(raw)} for flag -${name}: ${why}`)
  switch (def.kind) {
    case 'string':
      return raw
    case 'bool': {
      const parsed = parseGoBool(raw)
      if (parsed === undefined) throw invalid('parse error')
      return parsed
    }
    case 'int': {
      if (!/^[-+]?\d+$/.test(raw)) throw invalid('parse error')
      return Number(raw)
    }
    case 'duration': {
      const seconds = parseGoDurationSeconds(raw)
      if (seconds === undefined) throw invalid('parse error')
      return seconds
    }
    case 'strings':
      return [...((previous as string[] | undefined) ?? []), raw.trim()]
  }
}

function parseGoBool(raw: string): boolean | undefined {
  if (['1', 't', 'T', 'true', 'TRUE', 'True'].includes(raw)) return true
  if (['0', 'f', 'F', 'false', 'FALSE', 'False'].includes(raw)) return false
  return undefined
}

/**
 * How the postgres plugin turns a role's statement list into the queries it
 * runs: each element may be base64 or a JSON list (Vault's
 * `ParseArbitraryStringSlice`), is split on `;`, and has its `{{name}}`-style
 * placeholders replaced textually, with no quoting. Elements containing the
 * keyword `END` (a `DO ... END` or function body) run whole, as Vault runs
 * them; `;` inside `$$`/`$tag$` dollar-quoted bodies never splits.
 */

/** Base64 as Go's StdEncoding accepts it (padding required, CR/LF ignored). */
function decodeStrictBase64(text: string): string | undefined {
  const compact = text.replace(/[\r\n]/g, '')
  if (compact.length === 0 || compact.length % 4 !== 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(compact)) return undefined
  return Buffer.from(compact, 'base64').toString('utf8')
}

function parseJsonStringList(text: string): string[] | undefined {
  // Only a JSON list (or `null`) can decode into a list of strings; skip the costly failed parse.
  if (!text.startsWith('[') && text !== 'null') return undefined
  try {
    const parsed: unknown = JSON.parse(text)
    if (parsed === null) return []
    if (Array.isArray(parsed) && parsed.every((s): s is string => typeof s === 'string')) return parsed
  } catch {
    // Not JSON: a separated list.
  }
  return undefined
}

/** Split on `;` outside dollar-quoted bodies; pieces trimmed, empties dropped. */
function splitOnSemicolons(text: string): string[] {
  const out: string[] = []
  let current = ''
  let dollarTag: string | undefined
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string
    if (c === '$') {
      const m = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(text.slice(i))
      if (m) {
        if (dollarTag === undefined) dollarTag = m[0]
        else if (m[0] === dollarTag) dollarTag = undefined
        current += m[0]
        i += m[0].length - 1
        continue
      }
    }
    if (c === ';' && dollarTag === undefined) {
      out.push(current)
      current = ''
      continue
    }
    current += c
  }
  out.push(current)
  return out.map((s) => s.trim()).filter((s) => s !== '')
}

/** One statement element → its queries (Vault's `ParseArbitraryStringSlice(stmt, ";")`). */
export function parseStatement(statement: string): string[] {
  let input = statement.trim()
  if (input === '') return []
  input = decodeStrictBase64(input) ?? input
  const list = parseJsonStringList(input)
  if (list) return list.map((s) => s.trim()).filter((s) => s !== '')
  return splitOnSemicolons(input)
}

/** Whether Vault runs the element as one query: it mentions `END` outside quotes. */
export function isMultilineStatement(statement: string): boolean {
  const withoutLiterals = statement.replace(/"[^"]*"/g, '').replace(/'[^']*'/g, '')
  return /\bEND\b/.test(withoutLiterals)
}

/** Queries for statements that may hold `DO ... END` blocks (creation, revocation). */
export function queriesOf(statements: readonly string[], options: { keepBlocks: boolean }): string[] {
  return statements.flatMap((s) => (options.keepBlocks && isMultilineStatement(s) ? [s] : parseStatement(s)))
}

/** Replace `{{key}}` placeholders textually (Vault's `dbutil.QueryHelper`). */
export function renderQuery(query: string, params: Readonly<Record<string, string>>): string {
  let out = query
  for (const [key, value] of Object.entries(params)) out = out.split(`{{${key}}}`).join(value)
  return out
}

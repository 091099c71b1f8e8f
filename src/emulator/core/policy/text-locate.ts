/**
 * Finds where things are in a policy's source text, so parse errors can say
 * which line they are about (the parsed object no longer knows).
 */

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

/** 1-based line number of a character offset. */
export function lineAt(text: string, index: number): number {
  let line = 1
  for (let i = 0; i < index && i < text.length; i++) if (text.charCodeAt(i) === 10) line++
  return line
}

/**
 * Offset of the `nth` (0-based) header of the block for `path`: `path "<p>"`
 * in HCL, `"<p>":` in JSON. Undefined when it cannot be found.
 */
export function findPathHeader(text: string, path: string, nth: number, json: boolean): number | undefined {
  const quoted = escapeRegExp(JSON.stringify(path))
  const re = json ? new RegExp(`${quoted}\\s*:`, 'g') : new RegExp(`(?:^|[^\\w"-])path\\s*${quoted}`, 'g')
  let seen = 0
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    if (seen === nth) return m.index + (json ? 0 : m[0].indexOf('path'))
    seen++
  }
  return undefined
}

/** Line of the first `key =`, `key {` (HCL) or `"key":` (JSON) at or after `from`. */
export function findKeyLine(text: string, key: string, from: number, json: boolean): number | undefined {
  const k = escapeRegExp(key)
  const re = json ? new RegExp(`"${k}"\\s*:`, 'g') : new RegExp(`(?:^|[\\s{,])"?${k}"?[ \\t]*[={"]`, 'gm')
  re.lastIndex = from
  const m = re.exec(text)
  if (m === null) return undefined
  const at = m.index + Math.max(0, m[0].indexOf(json ? `"${key}"` : key))
  return lineAt(text, at)
}

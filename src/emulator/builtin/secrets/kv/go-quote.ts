/** Go's `%q` for a string: double quotes, Go escapes for control and non-printable characters. */

const SIMPLE: Record<string, string> = {
  '\x07': '\\a',
  '\b': '\\b',
  '\f': '\\f',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\v': '\\v',
  '\\': '\\\\',
  '"': '\\"',
}

/** Go's unicode.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space. */
export function isGoPrintable(text: string): boolean {
  return /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]*$/u.test(text)
}

export function goQuote(text: string): string {
  let out = '"'
  for (const ch of text) {
    const simple = SIMPLE[ch]
    if (simple !== undefined) out += simple
    else if (isGoPrintable(ch)) out += ch
    else {
      const code = ch.codePointAt(0) ?? 0
      if (code < 0x80) out += `\\x${code.toString(16).padStart(2, '0')}`
      else if (code <= 0xffff) out += `\\u${code.toString(16).padStart(4, '0')}`
      else out += `\\U${code.toString(16).padStart(8, '0')}`
    }
  }
  return `${out}"`
}

/**
 * In-file silencing: `# vault-emu-lint-disable <rule>[, <rule>]` anywhere in a
 * file turns rules off for the file; `# vault-emu-lint-disable-next-line <rule>`
 * for the line below. Works in HCL and YAML (both use `#`).
 */
import type { Diagnostic } from './diagnostic.js'

const DIRECTIVE = /#\s*vault-emu-lint-disable(-next-line)?\s+([\w-]+(?:\s*,\s*[\w-]+)*)/

export function suppressed(diagnostic: Diagnostic, text: string | undefined): boolean {
  if (text === undefined) return false
  const lines = text.split('\n')
  return lines.some((line, i) => {
    const m = DIRECTIVE.exec(line)
    if (!m) return false
    const rules = (m[2] ?? '').split(',').map((s) => s.trim())
    if (!rules.includes(diagnostic.rule) && !rules.includes('all')) return false
    return m[1] === undefined || i + 2 === diagnostic.line
  })
}

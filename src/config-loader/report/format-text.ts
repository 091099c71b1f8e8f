/** `file:line:col: error: message [rule]` lines, then a count, as compilers print. */
import type { Diagnostic } from '../diagnostic.js'

export function formatText(diagnostics: readonly Diagnostic[]): string {
  const lines = diagnostics.map((d) => `${d.file}:${d.line}:${d.col}: ${d.severity}: ${d.message} [${d.rule}]\n  fix: ${d.fix}`)
  const errors = diagnostics.filter((d) => d.severity === 'error').length
  const warnings = diagnostics.length - errors
  lines.push(diagnostics.length === 0 ? 'no problems found' : `${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}`)
  return `${lines.join('\n')}\n`
}

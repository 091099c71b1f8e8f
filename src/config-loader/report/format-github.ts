/** GitHub Actions workflow commands: each diagnostic becomes an annotation on the pull request. */
import type { Diagnostic } from '../diagnostic.js'

const escapeData = (s: string): string => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')
const escapeProperty = (s: string): string => escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C')

export function formatGithub(diagnostics: readonly Diagnostic[]): string {
  return diagnostics
    .map((d) => `::${d.severity === 'error' ? 'error' : 'warning'} file=${escapeProperty(d.file)},line=${d.line},col=${d.col},title=${escapeProperty(d.rule)}::${escapeData(`${d.message}. Fix: ${d.fix}`)}\n`)
    .join('')
}

/** SARIF 2.1.0, for code-scanning uploads. */
import type { Diagnostic } from '../diagnostic.js'
import { LINT_RULES } from '../lint/rules.js'

export function formatSarif(diagnostics: readonly Diagnostic[]): string {
  const ids = [...new Set([...LINT_RULES.map((r) => r.id), ...diagnostics.map((d) => d.rule)])]
  const rules = ids.map((id) => {
    const lint = LINT_RULES.find((r) => r.id === id)
    return { id, shortDescription: { text: lint?.rationale ?? id }, defaultConfiguration: { level: lint?.severity === 'warning' ? 'warning' : 'error' } }
  })
  const results = diagnostics.map((d) => ({
    ruleId: d.rule,
    ruleIndex: ids.indexOf(d.rule),
    level: d.severity === 'error' ? 'error' : 'warning',
    message: { text: `${d.message}. Fix: ${d.fix}` },
    locations: [{ physicalLocation: { artifactLocation: { uri: d.file.split('\\').join('/') }, region: { startLine: d.line, startColumn: d.col } } }],
  }))
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{ tool: { driver: { name: 'vault-emu validate', informationUri: 'https://github.com/vault-emu/vault-emu', rules } }, results }],
  }
  return `${JSON.stringify(log, null, 2)}\n`
}

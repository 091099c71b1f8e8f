/** The diagnostics as a JSON document (for scripts). */
import type { Diagnostic } from '../diagnostic.js'

export function formatJson(diagnostics: readonly Diagnostic[]): string {
  return `${JSON.stringify({ diagnostics }, null, 2)}\n`
}

/** Output formats of `vault-emu validate`. */
import type { Diagnostic } from '../diagnostic.js'
import { formatGithub } from './format-github.js'
import { formatJson } from './format-json.js'
import { formatSarif } from './format-sarif.js'
import { formatText } from './format-text.js'

export const FORMATS = { text: formatText, json: formatJson, github: formatGithub, sarif: formatSarif } as const
export type ReportFormat = keyof typeof FORMATS

export function isReportFormat(name: string): name is ReportFormat {
  return Object.hasOwn(FORMATS, name)
}

export function formatReport(format: ReportFormat, diagnostics: readonly Diagnostic[]): string {
  return FORMATS[format](diagnostics)
}

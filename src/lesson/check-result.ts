/**
 * What an exercise check found, and how it is printed: one ✓ or ✗ line per
 * finding, each ✗ followed by the hints that say what to do about it.
 */

export interface CheckLine {
  ok: boolean
  /** What was found, e.g. `secret/exercise/hello exists (version 1)`. */
  text: string
  /** What to do about a failure, one sentence each. */
  hints: string[]
}

export interface CheckReport {
  number: number
  title: string
  lines: CheckLine[]
  /** Printed after a passing report: what to try next. */
  next?: string[]
}

export const pass = (text: string): CheckLine => ({ ok: true, text, hints: [] })
export const fail = (text: string, ...hints: string[]): CheckLine => ({ ok: false, text, hints })

/** True when at least one line ran and none failed. */
export function reportPassed(report: CheckReport): boolean {
  return report.lines.length > 0 && report.lines.every((l) => l.ok)
}

export function formatReport(report: CheckReport): string {
  const out = [`Exercise ${report.number}: ${report.title}`]
  for (const line of report.lines) {
    out.push(`  ${line.ok ? '✓' : '✗'} ${line.text}`)
    for (const hint of line.hints) out.push(`      ${hint}`)
  }
  const passed = reportPassed(report)
  out.push('', passed ? `Exercise ${report.number} passes.` : `Exercise ${report.number} is not done yet.`)
  if (passed && report.next) out.push(...report.next)
  return `${out.join('\n')}\n`
}

/** Runs a lesson exercise's check against a running emulator over HTTP, as `vault-emu lesson check <n>` does. */
import { tmpdir } from 'node:os'
import type { VaultEmulator } from 'vault-emu'
import { formatReport, reportPassed } from '../../src/lesson/check-result.js'
import { findExercise } from '../../src/lesson/exercises.js'
import { runCheck } from '../../src/lesson/run-check.js'

export interface LessonCheckResult {
  passed: boolean
  /** The printed report. */
  text: string
  /** The ✗ lines with their hints, one string per failure. */
  failures: string[]
}

export async function checkExercise(vault: VaultEmulator, n: number, options: { token?: string; configFile?: string; cwd?: string } = {}): Promise<LessonCheckResult> {
  const exercise = findExercise(n)
  if (!exercise) throw new Error(`no exercise ${n}`)
  const conn = { addr: vault.addr, token: options.token ?? vault.rootToken, tokenSource: 'VAULT_TOKEN' as const }
  const report = await runCheck(exercise, {
    conn,
    cwd: options.cwd ?? tmpdir(),
    ...(options.configFile ? { configFile: options.configFile } : {}),
  })
  const failures = report.lines.filter((l) => !l.ok).map((l) => [l.text, ...l.hints].join('\n'))
  return { passed: reportPassed(report), text: formatReport(report), failures }
}

/** Runs one exercise's check: the reachability line first, then the exercise's own lines. */
import type { CheckReport } from './check-result.js'
import type { Exercise } from './exercise.js'
import { reachVault } from './reach-vault.js'
import type { VaultConnection } from './vault-connection.js'

export interface RunCheckOptions {
  conn: VaultConnection
  cwd: string
  configFile?: string
}

export async function runCheck(exercise: Exercise, options: RunCheckOptions): Promise<CheckReport> {
  const report: CheckReport = { number: exercise.number, title: exercise.title, lines: [] }
  if (exercise.next) report.next = exercise.next
  const reached = await reachVault(options.conn)
  report.lines.push(reached.line)
  if (!reached.policies) return report
  report.lines.push(...await exercise.check({ ...options, policies: reached.policies }))
  return report
}

/** The shape every lesson exercise shares: what `vault-emu lesson` lists and `lesson check <n>` runs. */
import type { CheckLine } from './check-result.js'
import type { VaultConnection } from './vault-connection.js'

export interface ExerciseCheckContext {
  conn: VaultConnection
  /** The token's policies, from the reachability check. */
  policies: string[]
  /** `-config <file>` from the command line (exercise 3); relative to the working directory. */
  configFile?: string
  /** The working directory the command ran in. */
  cwd: string
}

export interface Exercise {
  number: number
  title: string
  /** What the learner does, one step per line. */
  task: string[]
  /** How to check it. */
  checkCommand: string
  /** Whether `lesson check <n>` takes `-config <file>`. */
  takesConfig?: boolean
  /** Everything after the reachability line, in order. */
  check(ctx: ExerciseCheckContext): Promise<CheckLine[]>
  /** Printed once the exercise passes. */
  next?: string[]
}

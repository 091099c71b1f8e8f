/**
 * `vault-emu lesson`: list the Vault lesson's exercises; `vault-emu lesson
 * check <n>` checks the learner's work against the Vault at VAULT_ADDR.
 */
import { formatReport, reportPassed } from '../lesson/check-result.js'
import { EXERCISES, findExercise, formatExerciseList } from '../lesson/exercises.js'
import { runCheck } from '../lesson/run-check.js'
import { connectionFromEnv } from '../lesson/vault-connection.js'
import { UsageError } from './usage-error.js'

export const LESSON_USAGE = `Usage: vault-emu lesson [check <n> [-config <file>]]

  vault-emu lesson              list the exercises of the Vault lesson
  vault-emu lesson check <n>    check exercise <n> against the Vault at $VAULT_ADDR
                                with $VAULT_TOKEN (or ~/.vault-token)

Options of "check":
  -config <file>                exercise 3: the Vault Agent config to run (default ./agent.hcl)

Exit status: 0 the exercise passes, 1 not yet, 2 usage error.`

export interface LessonIo {
  env: NodeJS.ProcessEnv
  cwd: string
  out: NodeJS.WritableStream
}

export async function lesson(argv: string[], io: LessonIo = { env: process.env, cwd: process.cwd(), out: process.stdout }): Promise<number> {
  const [sub, ...rest] = argv
  if (sub === '-h' || sub === '--help' || sub === 'help') {
    io.out.write(`${LESSON_USAGE}\n`)
    return 0
  }
  if (sub === undefined || sub === 'list') {
    if (rest.length > 0) throw new UsageError(`unexpected argument ${JSON.stringify(rest[0])}`)
    io.out.write(formatExerciseList())
    return 0
  }
  if (sub !== 'check') throw new UsageError(`unknown lesson command ${JSON.stringify(sub)}`)
  const { number, configFile } = parseCheckArgs(rest)
  const exercise = findExercise(number)
  if (!exercise) throw new UsageError(`there is no exercise ${number}; the lesson has ${EXERCISES.map((e) => e.number).join(', ')}`)
  if (configFile && !exercise.takesConfig) throw new UsageError(`-config is for exercise 3 (an agent config); exercise ${number} has none`)
  const conn = await connectionFromEnv(io.env)
  const report = await runCheck(exercise, { conn, cwd: io.cwd, ...(configFile ? { configFile } : {}) })
  io.out.write(formatReport(report))
  return reportPassed(report) ? 0 : 1
}

/** `<n>` and `-config <file>` in the vault CLI's style (`-config=f`, `--config f` too). */
function parseCheckArgs(args: string[]): { number: number; configFile?: string } {
  let number: number | undefined
  let configFile: string | undefined
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? ''
    const flag = /^--?config(?:=(.*))?$/.exec(arg)
    if (flag) {
      configFile = flag[1] ?? args[++i]
      if (!configFile) throw new UsageError('-config needs a file, e.g. -config agent.hcl')
    } else if (/^\d+$/.test(arg) && number === undefined) {
      number = Number(arg)
    } else {
      throw new UsageError(`unexpected argument ${JSON.stringify(arg)}`)
    }
  }
  if (number === undefined) throw new UsageError('lesson check needs an exercise number, e.g. "vault-emu lesson check 1"')
  return { number, ...(configFile ? { configFile } : {}) }
}

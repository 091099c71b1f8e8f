/** The lesson's exercises, in order: what `vault-emu lesson` lists. */
import type { Exercise } from './exercise.js'
import { exercise1 } from './exercise-1-read-secret.js'
import { exercise2 } from './exercise-2-policy.js'
import { exercise3 } from './exercise-3-agent.js'

export const EXERCISES: readonly Exercise[] = [exercise1, exercise2, exercise3]

export function findExercise(n: number): Exercise | undefined {
  return EXERCISES.find((e) => e.number === n)
}

export function formatExerciseList(): string {
  const out = ['Exercises of the Vault lesson "Secrets That Expire on Purpose" (README: "Learn Vault with vault-emu"):', '']
  for (const e of EXERCISES) {
    out.push(`${e.number}. ${e.title}`, ...e.task.map((t) => `   ${t}`), `   Check: ${e.checkCommand}`, '')
  }
  out.push('Checks run against the Vault at $VAULT_ADDR with $VAULT_TOKEN (or ~/.vault-token); start one with `npx vault-emu up`.')
  return `${out.join('\n')}\n`
}

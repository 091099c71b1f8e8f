/** A template's `command`, run as Vault Agent runs it: `sh -c`, output to the agent's stderr. */
import { spawn } from 'node:child_process'

/** Exit code of `sh -c command`; the process is killed after `timeoutSeconds` (exit code 124, as `timeout` reports). */
export function runShellCommand(command: string, timeoutSeconds: number): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn('sh', ['-c', command], { stdio: ['ignore', 2, 2] })
    let timedOut = false
    const timer = setTimeout(() => {
      timedOut = true
      child.kill('SIGTERM')
    }, timeoutSeconds * 1000)
    child.on('error', () => {
      clearTimeout(timer)
      resolve(127)
    })
    child.on('exit', (code) => {
      clearTimeout(timer)
      resolve(timedOut ? 124 : (code ?? 1))
    })
  })
}

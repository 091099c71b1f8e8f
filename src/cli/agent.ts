/**
 * `vault-emu agent -config=agent.hcl`: Vault Agent's auto-auth, file sink and
 * templates against the emulator (on its virtual clock) or a real Vault.
 * Logs go to stderr, never a token or a secret; SIGINT/SIGTERM stop it cleanly.
 */
import { loadAgentConfig, startAgent } from '../agent/index.js'
import { UsageError } from './usage-error.js'

export const AGENT_USAGE = `Usage: vault-emu agent -config=<file>

Run a Vault Agent from a Vault Agent config file: log in (auto_auth approle, kubernetes
or token_file), write the token to the file sink, render the templates and keep them
fresh (leases renewed at 2/3 of their TTL; commands run when a file changes).
Against vault-emu the agent follows the emulator's virtual clock.

  -config=<file>     the agent config (HCL); also "-config <file>"
  -exit-after-auth   log in, write the sinks and templates once, then exit 0

The Vault address comes from vault { address } or VAULT_ADDR.`

function parseAgentArgs(argv: string[]): { configPath: string; exitAfterAuth: boolean } {
  let path: string | undefined
  let exitAfterAuth = false
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!
    if (/^--?exit-after-auth(=true)?$/.test(arg)) {
      exitAfterAuth = true
      continue
    }
    const m = /^--?config(?:=(.*))?$/.exec(arg)
    if (!m) throw new UsageError(`unexpected argument ${JSON.stringify(arg)}`)
    path = m[1] ?? argv[++i]
    if (!path) throw new UsageError('-config needs a file, e.g. -config=agent.hcl')
  }
  if (!path) throw new UsageError('the agent needs a config file: vault-emu agent -config=agent.hcl')
  return { configPath: path, exitAfterAuth }
}

export async function agent(argv: string[], env: NodeJS.ProcessEnv = process.env, err: NodeJS.WritableStream = process.stderr): Promise<number> {
  if (argv.includes('-h') || argv.includes('--help') || argv.includes('-help')) {
    process.stdout.write(`${AGENT_USAGE}\n`)
    return 0
  }
  const args = parseAgentArgs(argv)
  const config = await loadAgentConfig(args.configPath)
  if (args.exitAfterAuth) config.exitAfterAuth = true
  const running = await startAgent(config, { env, log: (line) => err.write(`${line}\n`) })
  err.write(
    `==> Vault Agent started! Log data will stream in below:\n\n` +
      `==> Vault Agent configuration:\n\n` +
      `           Api Address: ${running.address}\n` +
      `                 Clock: ${running.virtualClock ? 'the emulator\'s virtual clock' : 'wall clock'}\n` +
      `             Templates: ${config.templates.length}\n\n`,
  )
  const stop = (signal: string): void => {
    err.write(`==> Vault Agent shutdown triggered (${signal})\n`)
    void running.stop()
  }
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
  await running.finished
  process.removeListener('SIGINT', stop)
  process.removeListener('SIGTERM', stop)
  err.write('==> Vault Agent shutdown complete\n')
  return 0
}

/** The `vault-emu` command: wires arguments to the emulator (composition root only). */
import { up, UP_USAGE } from './up.js'
import { clock, CLOCK_USAGE } from './clock.js'
import { validate, VALIDATE_USAGE } from './validate.js'
import { testPolicies, TEST_USAGE } from './test-policies.js'
import { UsageError } from './usage-error.js'

const USAGE = `Usage: vault-emu <command> [options]

Commands:
  up        start the emulator (vault-emu up --help)
  clock     drive a running emulator's virtual clock (vault-emu clock --help)
  validate  check vault.config.yaml, policies/ and roles/ (vault-emu validate --help)
  test      run the policy tests in policies/tests/ (vault-emu test --help)

Run "vault-emu <command> --help" for a command's options.`

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv
  try {
    switch (command) {
      case 'up':
        await up(rest)
        return -1 // keeps running until a signal
      case 'clock':
        return await clock(rest)
      case 'validate':
        return await validate(rest)
      case 'test':
        return await testPolicies(rest)
      case undefined:
      case '-h':
      case '--help':
      case 'help':
        process.stdout.write(`${USAGE}\n`)
        return command === undefined ? 2 : 0
      default:
        throw new UsageError(`unknown command ${JSON.stringify(command)}`)
    }
  } catch (err) {
    if (err instanceof UsageError || isParseArgsError(err)) {
      const usage = command === 'up' ? UP_USAGE : command === 'clock' ? CLOCK_USAGE : command === 'validate' ? VALIDATE_USAGE : command === 'test' ? TEST_USAGE : USAGE
      process.stderr.write(`vault-emu: ${(err as Error).message}\n\n${usage}\n`)
      return 2
    }
    const code = (err as { code?: string }).code
    if (code === 'EADDRINUSE') {
      process.stderr.write(`vault-emu: the port is already in use (${(err as Error).message}); pick another with --port\n`)
      return 1
    }
    const message = err instanceof Error ? err.message.replace(/^\[vault-emu\] /, '') : String(err)
    process.stderr.write(`vault-emu: ${message}\n`)
    return command === 'validate' || command === 'test' ? 2 : 1
  }
}

function isParseArgsError(err: unknown): boolean {
  const code = (err as { code?: string } | null)?.code
  return typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS')
}

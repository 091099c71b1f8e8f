/** `vault-emu test [dir]`: run the policy tests in policies/tests/*.yaml. */
import { parseArgs } from 'node:util'
import { runPolicyTests } from '../config-loader/policy-tests.js'
import { UsageError } from './usage-error.js'

export const TEST_USAGE = `Usage: vault-emu test [dir]

Run the policy tests in <dir>/policies/tests/*.yaml (default dir: .) with the
emulator's ACL engine, without starting a server. Each case gives a token's
policies, a path, and the operations that must be allowed or denied (allow:,
deny:) or the exact capabilities (capabilities:). Exit 0 when all pass, 1 when
one fails, 2 when the tests could not run.

Options:
  -h, --help   show this help`

export async function testPolicies(argv: string[], out: NodeJS.WritableStream = process.stdout, err: NodeJS.WritableStream = process.stderr): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, options: { help: { type: 'boolean', short: 'h' } }, strict: true, allowPositionals: true })
  if (values.help) {
    out.write(`${TEST_USAGE}\n`)
    return 0
  }
  if (positionals.length > 1) throw new UsageError('test takes one folder')
  let run
  try {
    run = await runPolicyTests(positionals[0] ?? '.')
  } catch (e) {
    err.write(`vault-emu test: could not run: ${e instanceof Error ? e.message.replace(/^\[vault-emu\] /, '') : String(e)}\n`)
    return 2
  }
  let file = ''
  for (const r of run.results) {
    if (r.file !== file) out.write(`${(file = r.file)}\n`)
    if (r.passed) out.write(`  ✓ ${r.name}\n`)
    else out.write(`  ✗ ${r.name}\n${r.failures.map((f) => `    ${r.file}:${r.line}:${r.col}: ${f}\n`).join('')}`)
  }
  out.write(`\n${run.passed} passed, ${run.failed} failed\n`)
  return run.failed > 0 ? 1 : 0
}

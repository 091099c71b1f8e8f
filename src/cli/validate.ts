/** `vault-emu validate [dir]`: check config, policies and roles without starting anything. */
import { parseArgs } from 'node:util'
import { validateConfig } from '../config-loader/validate.js'
import { formatReport, isReportFormat } from '../config-loader/report/format.js'
import { LINT_RULES } from '../config-loader/lint/rules.js'
import { UsageError } from './usage-error.js'

export const VALIDATE_USAGE = `Usage: vault-emu validate [dir] [options]

Check vault.config.yaml, policies/*.hcl and roles/*.yaml (default dir: .) without
starting a server or a database: YAML, schema, HCL, references, TTLs, duplicates
and lint rules. Exit 0 when clean, 1 when problems were found, 2 when it could not run.

Options:
  --format <f>        text (default), json, github (workflow annotations) or sarif
  --disable <rule>    leave out a rule (repeatable); in a file, silence it with
                      "# vault-emu-lint-disable <rule>" or
                      "# vault-emu-lint-disable-next-line <rule>"
  --warnings-ok       exit 0 when only warnings were found
  --rules             list the lint rules and exit
  -h, --help          show this help`

export async function validate(argv: string[], out: NodeJS.WritableStream = process.stdout, err: NodeJS.WritableStream = process.stderr): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      format: { type: 'string' },
      disable: { type: 'string', multiple: true },
      'warnings-ok': { type: 'boolean' },
      rules: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
    allowPositionals: true,
  })
  if (values.help) {
    out.write(`${VALIDATE_USAGE}\n`)
    return 0
  }
  if (values.rules) {
    for (const rule of LINT_RULES) out.write(`${rule.id} (${rule.severity}): ${rule.rationale}\n`)
    return 0
  }
  const format = values.format ?? 'text'
  if (!isReportFormat(format)) throw new UsageError(`invalid --format ${JSON.stringify(format)}: expected text, json, github or sarif`)
  if (positionals.length > 1) throw new UsageError('validate takes one folder (or vault.config.yaml)')
  let diagnostics
  try {
    diagnostics = await validateConfig(positionals[0] ?? '.', { disable: values.disable ?? [] })
  } catch (e) {
    err.write(`vault-emu validate: could not run: ${e instanceof Error ? e.message.replace(/^\[vault-emu\] /, '') : String(e)}\n`)
    return 2
  }
  out.write(formatReport(format, diagnostics))
  const failing = values['warnings-ok'] ? diagnostics.filter((d) => d.severity === 'error') : diagnostics
  return failing.length > 0 ? 1 : 0
}

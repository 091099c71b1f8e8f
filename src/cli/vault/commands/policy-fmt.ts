/** `vault policy fmt <file>`: validates a policy file and rewrites it in canonical layout. */
import { readFile, writeFile } from 'node:fs/promises'
import { homedir } from 'node:os'
import { parsePolicy } from '../../../emulator/core/policy/index.js'
import { expectArgs, type VaultCommand } from '../command.js'
import { parseFlags } from '../flags.js'
import { formatHcl } from '../hcl-format.js'
import { fail, success } from '../output.js'

export const policyFmt: VaultCommand = async (io, argv) => {
  const { args } = parseFlags(argv, {})
  expectArgs(args, 1)
  const path = (args[0] as string).trim().replace(/^~(?=\/|$)/, io.home || homedir())
  let source: string
  try {
    source = await readFile(path, 'utf8')
  } catch (err) {
    fail(io, `Error reading source file: ${(err as Error).message}`)
    return 1
  }
  try {
    await parsePolicy('fmt', source)
  } catch (err) {
    fail(io, (err as Error).message)
    return 1
  }
  let formatted: string
  try {
    formatted = formatHcl(source)
  } catch (err) {
    fail(io, `Error printing result: ${(err as Error).message}`)
    return 1
  }
  try {
    await writeFile(path, formatted, { mode: 0o644 })
  } catch (err) {
    fail(io, `Error writing result: ${(err as Error).message}`)
    return 1
  }
  success(io, `Formatted policy: ${path}`)
  return 0
}

/** `vault policy write|read|list|delete`: ACL policies under `sys/policies/acl`. */
import { readFile } from 'node:fs/promises'
import { ApiError, VaultClient } from '../client.js'
import { expectArgs, reportCommandError, type VaultCommand } from '../command.js'
import { OUTPUT_FLAGS, parseFlags } from '../flags.js'
import { readAll } from '../kv-args.js'
import { fail, outputOptions, printFormatted, say, success } from '../output.js'

/** Policy names are stored lower-case, as vault's CLI normalises them. */
function policyName(raw: string): string {
  return raw.trim().toLowerCase()
}

export const policyWrite: VaultCommand = async (io, argv) => {
  const { args } = parseFlags(argv, {})
  expectArgs(args, 2)
  const given = args[0] as string
  const name = policyName(given)
  const source = (args[1] as string).trim()
  let rules: string
  try {
    rules = source === '-' ? await readAll(io.stdin) : await readFile(source, 'utf8')
  } catch (err) {
    fail(io, `Error opening policy file: ${(err as Error).message}`)
    return 2
  }
  const client = await VaultClient.fromIo(io)
  try {
    await client.request('PUT', `sys/policies/acl/${encodeURIComponent(name)}`, { body: { policy: rules } })
  } catch (err) {
    return reportCommandError(io, err, 'Error uploading policy')
  }
  if (given !== name) io.stderr.write(`Policy name was converted from "${given}" to "${name}"\n`)
  success(io, `Uploaded policy: ${name}`)
  return 0
}

export const policyRead: VaultCommand = async (io, argv) => {
  const { flags, args } = parseFlags(argv, OUTPUT_FLAGS)
  expectArgs(args, 1)
  const name = policyName(args[0] as string)
  const client = await VaultClient.fromIo(io)
  let rules = ''
  try {
    rules = String((await client.read(`sys/policies/acl/${encodeURIComponent(name)}`))?.data?.['policy'] ?? '')
  } catch (err) {
    if (!(err instanceof ApiError && err.status === 404)) return reportCommandError(io, err, `Error reading policy named ${name}`)
  }
  if (rules === '') {
    fail(io, `No policy named: ${name}`)
    return 2
  }
  return printFormatted(io, outputOptions(io, flags), { policy: rules }, () => say(io, rules.trim()))
}

export const policyList: VaultCommand = async (io, argv) => {
  const { flags, args } = parseFlags(argv, OUTPUT_FLAGS)
  expectArgs(args, 0)
  const client = await VaultClient.fromIo(io)
  let names: string[]
  try {
    const keys = (await client.list('sys/policies/acl'))?.data?.['keys']
    names = Array.isArray(keys) ? keys.map(String) : []
  } catch (err) {
    return reportCommandError(io, err, 'Error listing policies')
  }
  return printFormatted(io, outputOptions(io, flags), names, () => {
    for (const name of names) say(io, name)
  })
}

export const policyDelete: VaultCommand = async (io, argv) => {
  const { args } = parseFlags(argv, {})
  expectArgs(args, 1)
  const name = (args[0] as string).trim()
  const client = await VaultClient.fromIo(io)
  try {
    await client.request('DELETE', `sys/policies/acl/${encodeURIComponent(name)}`)
  } catch (err) {
    return reportCommandError(io, err, `Error deleting ${name}`)
  }
  success(io, `Deleted policy: ${name}`)
  return 0
}

/**
 * `vault token create|lookup|renew|revoke|capabilities`, over `auth/token/*`
 * and `sys/capabilities*`, printed as vault prints them.
 */
import { VaultClient, type VaultSecret } from '../client.js'
import { CommandUsageError, reportCommandError, type VaultCommand } from '../command.js'
import { goDurationString } from '../duration.js'
import { flag, OUTPUT_FLAGS, parseFlags } from '../flags.js'
import { fail, outputOptions, printFormatted, printSecret, say, success } from '../output.js'
import { compareStrings } from '../go-format.js'

const CREATE_FLAGS = {
  ...OUTPUT_FLAGS,
  id: flag.string(),
  'display-name': flag.string(),
  ttl: flag.duration(),
  'explicit-max-ttl': flag.duration(),
  period: flag.duration(),
  renewable: flag.bool({ default: true }),
  orphan: flag.bool(),
  'no-default-policy': flag.bool(),
  'use-limit': flag.int(),
  role: flag.string(),
  type: flag.string(),
  policy: flag.strings(),
  metadata: flag.strings(),
  'entity-alias': flag.string(),
}

export const tokenCreate: VaultCommand = async (io, argv) => {
  const { flags, args } = parseFlags(argv, CREATE_FLAGS)
  if (args.length > 0) throw new CommandUsageError(`Too many arguments (expected 0, got ${args.length})`)
  const metadata: Record<string, string> = {}
  for (const pair of flags.metadata) {
    const eq = pair.indexOf('=')
    if (eq > 0) metadata[pair.slice(0, eq)] = pair.slice(eq + 1)
  }
  // The body vault's TokenCreateRequest serialises to (empty fields omitted).
  const body: Record<string, unknown> = {
    ...(flags.id ? { id: flags.id } : {}),
    ...(flags.policy.length > 0 ? { policies: flags.policy } : {}),
    ...(Object.keys(metadata).length > 0 ? { meta: metadata } : {}),
    ttl: goDurationString(flags.ttl ?? 0),
    explicit_max_ttl: goDurationString(flags['explicit-max-ttl'] ?? 0),
    period: goDurationString(flags.period ?? 0),
    ...(flags.orphan ? { no_parent: true } : {}),
    ...(flags['no-default-policy'] ? { no_default_policy: true } : {}),
    ...(flags['display-name'] ? { display_name: flags['display-name'] } : {}),
    ...(flags['use-limit'] ? { num_uses: flags['use-limit'] } : {}),
    renewable: flags.type === 'batch' ? false : flags.renewable,
    ...(flags.type ? { type: flags.type } : {}),
    ...(flags['entity-alias'] ? { entity_alias: flags['entity-alias'] } : {}),
  }
  const client = await VaultClient.fromIo(io)
  let secret: VaultSecret
  try {
    secret = (await client.post(flags.role ? `auth/token/create/${flags.role}` : 'auth/token/create', body)) ?? {}
  } catch (err) {
    return reportCommandError(io, err, 'Error creating token')
  }
  return printSecret(io, secret, outputOptions(io, flags))
}

export const tokenLookup: VaultCommand = async (io, argv) => {
  const { flags, args } = parseFlags(argv, { ...OUTPUT_FLAGS, accessor: flag.bool() })
  if (flags.accessor && args.length < 1) throw new CommandUsageError(`Not enough arguments with -accessor (expected 1, got ${args.length})`)
  if (flags.accessor && args.length > 1) throw new CommandUsageError(`Too many arguments with -accessor (expected 1, got ${args.length})`)
  if (args.length > 1) throw new CommandUsageError(`Too many arguments (expected 0-1, got ${args.length})`)
  const token = (args[0] ?? '').trim()
  const client = await VaultClient.fromIo(io)
  let secret: VaultSecret | undefined
  try {
    if (token === '') secret = await client.read('auth/token/lookup-self')
    else if (flags.accessor) secret = await client.post('auth/token/lookup-accessor', { accessor: token })
    else secret = await client.post('auth/token/lookup', { token })
  } catch (err) {
    return reportCommandError(io, err, 'Error looking up token')
  }
  return printSecret(io, secret ?? {}, outputOptions(io, flags))
}

export const tokenRenew: VaultCommand = async (io, argv) => {
  const { flags, args } = parseFlags(argv, { ...OUTPUT_FLAGS, increment: flag.duration({ aliases: ['i'] }), accessor: flag.bool() })
  if (args.length > 1) throw new CommandUsageError(`Too many arguments (expected 1, got ${args.length})`)
  const token = (args[0] ?? '').trim()
  const increment = Math.max(0, flags.increment ?? 0)
  const client = await VaultClient.fromIo(io)
  let secret: VaultSecret | undefined
  try {
    if (token === '') secret = await client.write('auth/token/renew-self', { increment })
    else if (flags.accessor) secret = await client.write('auth/token/renew-accessor', { accessor: token, increment })
    else secret = await client.write('auth/token/renew', { token, increment })
  } catch (err) {
    return reportCommandError(io, err, 'Error renewing token')
  }
  return printSecret(io, secret ?? {}, outputOptions(io, flags))
}

export const tokenRevoke: VaultCommand = async (io, argv) => {
  const { flags, args } = parseFlags(argv, { self: flag.bool(), accessor: flag.bool(), mode: flag.string() })
  const token = (args[0] ?? '').trim()
  const mode = flags.mode ?? ''
  if (!['', 'orphan', 'path'].includes(mode)) throw new CommandUsageError(`Invalid mode: ${mode}`)
  if (flags.self && args.length > 0) throw new CommandUsageError(`Too many arguments with -self (expected 0, got ${args.length})`)
  if (!flags.self && args.length > 1) throw new CommandUsageError(`Too many arguments (expected 1 or -self, got ${args.length})`)
  if (!flags.self && args.length < 1) throw new CommandUsageError(`Not enough arguments (expected 1 or -self, got ${args.length})`)
  if (flags.self && flags.accessor) throw new CommandUsageError('Cannot use -self with -accessor!')
  if (flags.self && mode !== '') throw new CommandUsageError('Cannot use -self with -mode!')
  if (flags.accessor && mode !== '') throw new CommandUsageError(`Cannot use -accessor with -mode=${mode}!`)
  const client = await VaultClient.fromIo(io)
  try {
    if (flags.self) await client.write('auth/token/revoke-self')
    else if (flags.accessor) await client.write('auth/token/revoke-accessor', { accessor: token })
    else if (mode === 'orphan') await client.write('auth/token/revoke-orphan', { token })
    else if (mode === 'path') await client.write(`sys/leases/revoke-prefix/${token}`)
    else await client.write('auth/token/revoke', { token })
  } catch (err) {
    return reportCommandError(io, err, 'Error revoking token')
  }
  success(io, 'Revoked token (if it existed)')
  return 0
}

export const tokenCapabilities: VaultCommand = async (io, argv) => {
  const { flags, args } = parseFlags(argv, OUTPUT_FLAGS)
  if (args.length === 0) throw new CommandUsageError('Not enough arguments (expected 1-2, got 0)')
  if (args.length > 2) throw new CommandUsageError(`Too many arguments (expected 1-2, got ${args.length})`)
  const [token, path] = args.length === 2 ? [args[0] as string, args[1] as string] : ['', args[0] as string]
  const client = await VaultClient.fromIo(io)
  let capabilities: string[] | undefined
  try {
    const secret = token === '' ? await client.post('sys/capabilities-self', { paths: [path] }) : await client.post('sys/capabilities', { token, paths: [path] })
    const data = secret?.data ?? (secret as Record<string, unknown> | undefined) ?? {}
    const found = Array.isArray(data[path]) && (data[path] as unknown[]).length > 0 ? data[path] : data['capabilities']
    capabilities = Array.isArray(found) ? found.map(String) : undefined
  } catch (err) {
    return reportCommandError(io, err, 'Error listing capabilities')
  }
  if (capabilities === undefined) {
    fail(io, 'No capabilities found')
    return 1
  }
  const list = capabilities
  return printFormatted(io, outputOptions(io, flags), list, () => say(io, [...list].sort(compareStrings).join(', ')))
}

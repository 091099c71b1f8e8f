/**
 * The enable/disable/list commands of secrets engines, auth methods and audit
 * devices differ only in their API prefix, words and table columns; these
 * builders hold the shared steps.
 */
import { VaultClient } from './client.js'
import { expectArgs, reportCommandError, type VaultCommand } from './command.js'
import { goDurationString } from './duration.js'
import { flag, OUTPUT_FLAGS, parseFlags, type FlagValues } from './flags.js'
import { mountMap, type MountEntry } from './mount-table.js'
import { outputOptions, printFormatted, say, success } from './output.js'

/** `path` with exactly one trailing slash and no leading one, as vault prints mount paths. */
export function mountPath(path: string): string {
  return `${path.trim().replace(/^\/+/, '').replace(/\/+$/, '')}/`
}

/** The API path of a mount (`sys/mounts/foo/`; the client sends it without the trailing slash, as vault does). */
export function mountApiPath(prefix: string, path: string): string {
  return `${prefix}/${path}`
}

/** The flags `secrets enable` and `auth enable` share. */
export const MOUNT_FLAGS = {
  path: flag.string(),
  description: flag.string(),
  'default-lease-ttl': flag.duration(),
  'max-lease-ttl': flag.duration(),
  local: flag.bool(),
  'seal-wrap': flag.bool(),
  'external-entropy-access': flag.bool(),
  options: flag.strings(),
  version: flag.int(),
}

/** The body vault's `MountInput` / `EnableAuthOptions` serialise to. */
function mountBody(type: string, flags: FlagValues<typeof MOUNT_FLAGS>): Record<string, unknown> {
  const options: Record<string, string> = {}
  for (const pair of flags.options) {
    const eq = pair.indexOf('=')
    if (eq > 0) options[pair.slice(0, eq)] = pair.slice(eq + 1)
  }
  if (flags.version !== undefined && flags.version > 0) options['version'] = String(flags.version)
  return {
    type,
    description: flags.description ?? '',
    config: {
      default_lease_ttl: goDurationString(flags['default-lease-ttl'] ?? 0),
      max_lease_ttl: goDurationString(flags['max-lease-ttl'] ?? 0),
      force_no_cache: false,
    },
    local: flags.local,
    seal_wrap: flags['seal-wrap'],
    external_entropy_access: flags['external-entropy-access'],
    ...(Object.keys(options).length > 0 ? { options } : {}),
  }
}

/** `secrets enable` or `auth enable`: POST the mount, print vault's success line. */
export function defineEnable(prefix: string, errorPrefix: (type: string) => string, done: (type: string, path: string) => string): VaultCommand {
  return async (io, argv) => {
    const { flags, args } = parseFlags(argv, MOUNT_FLAGS)
    expectArgs(args, 1)
    const type = (args[0] as string).trim()
    const path = mountPath(flags.path || type)
    const client = await VaultClient.fromIo(io)
    try {
      await client.request('POST', mountApiPath(prefix, path), { body: mountBody(type, flags) })
    } catch (err) {
      return reportCommandError(io, err, errorPrefix(type))
    }
    success(io, done(type, path))
    return 0
  }
}

/** A `<thing> disable <path>` command. */
export function defineDisable(prefix: string, errorPrefix: (path: string) => string, done: (path: string) => string): VaultCommand {
  return async (io, argv) => {
    const { args } = parseFlags(argv, {})
    expectArgs(args, 1)
    const path = mountPath(args[0] as string)
    const client = await VaultClient.fromIo(io)
    try {
      await client.request('DELETE', mountApiPath(prefix, path))
    } catch (err) {
      return reportCommandError(io, err, errorPrefix(path))
    }
    success(io, done(path))
    return 0
  }
}

/** A `<thing> list [-detailed]` command; `printTable` prints the table format. */
export function defineList(
  apiPath: string,
  errorPrefix: string,
  printTable: (mounts: Record<string, MountEntry>, detailed: boolean) => string,
): VaultCommand {
  return async (io, argv) => {
    const { flags, args } = parseFlags(argv, { ...OUTPUT_FLAGS, detailed: flag.bool() })
    expectArgs(args, 0)
    const client = await VaultClient.fromIo(io)
    let mounts: Record<string, MountEntry>
    try {
      mounts = mountMap(await client.request('GET', apiPath))
    } catch (err) {
      return reportCommandError(io, err, errorPrefix)
    }
    return printFormatted(io, outputOptions(io, flags), mounts, () => say(io, printTable(mounts, flags.detailed)))
  }
}

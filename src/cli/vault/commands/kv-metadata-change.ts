/**
 * `vault kv metadata put|patch|delete [-mount=m] <path>`: a v2 key's settings
 * (`-max-versions`, `-cas-required`, `-delete-version-after`, `-custom-metadata=k=v`), replaced
 * with a write, merged with a PATCH, or removed with every version.
 */
import type { VaultClient, VaultSecret } from '../client.js'
import { CommandUsageError, type VaultCliIo, type VaultCommand } from '../command.js'
import { goDurationString } from '../duration.js'
import { flag } from '../flags.js'
import { fail, outputOptions } from '../output.js'
import { runApiCommand } from './generic-api-command.js'
import { printChangeOutcome, sendOrReport } from './generic-outcome.js'
import { kvApiPath, singleKvTarget } from './kv-mount.js'

const SETTINGS_FLAGS = {
  format: flag.string(),
  mount: flag.string({ default: '' }),
  'max-versions': flag.int({ default: -1 }),
  'cas-required': flag.bool(),
  'delete-version-after': flag.duration({ default: -1 }),
  'custom-metadata': flag.strings(),
}

/** `-custom-metadata=k=v` flags as a map. */
function customMetadata(values: readonly string[]): Record<string, string> {
  const map: Record<string, string> = {}
  for (const value of values) {
    const eq = value.indexOf('=')
    if (eq <= 0) throw new CommandUsageError(`invalid value "${value}" for flag -custom-metadata: expected key=value`)
    map[value.slice(0, eq)] = value.slice(eq + 1)
  }
  return map
}

/** `-cas-required` is a Go bool pointer: sent only when given. */
function casRequiredGiven(argv: readonly string[]): boolean {
  return argv.some((a) => /^--?cas-required(=|$)/.test(a))
}

/** The v2 metadata path of the one argument, or the exit code after `Metadata not supported on KV Version 1`. */
async function metadataPath(io: VaultCliIo, client: VaultClient, args: readonly string[], mount: string | undefined): Promise<string | number> {
  const target = await singleKvTarget(client, args, mount)
  if (target.v2) return kvApiPath(target, 'metadata')
  fail(io, 'Metadata not supported on KV Version 1')
  return 1
}

function settingsCommand(method: 'PUT' | 'PATCH'): VaultCommand {
  const spec = method === 'PATCH' ? { ...SETTINGS_FLAGS, 'remove-custom-metadata': flag.strings() } : SETTINGS_FLAGS
  return (io, argv) =>
    runApiCommand(io, argv, spec, async (io, client, flags, args) => {
      const path = await metadataPath(io, client, args, flags.mount)
      if (typeof path === 'number') return path
      const data: Record<string, unknown> = {}
      if ((flags['max-versions'] ?? -1) >= 0) data['max_versions'] = flags['max-versions']
      if ((flags['delete-version-after'] ?? -1) >= 0) data['delete_version_after'] = goDurationString(flags['delete-version-after'] ?? 0)
      if (casRequiredGiven(argv)) data['cas_required'] = flags['cas-required']
      const custom: Record<string, string | null> = customMetadata(flags['custom-metadata'])
      const removed = 'remove-custom-metadata' in flags ? (flags['remove-custom-metadata'] as string[]) : []
      for (const key of removed) custom[key] = null // a null in a merge patch removes the key
      // A put sends custom_metadata only when given (it replaces the whole map); a patch always merges it.
      if (method === 'PATCH' || Object.keys(custom).length > 0) data['custom_metadata'] = custom
      const sent = await sendOrReport(io, `Error writing data to ${path}`, async () => (await client.request(method, path, { body: data })).json as VaultSecret | undefined)
      if ('code' in sent) return sent.code
      return printChangeOutcome(io, sent.value, outputOptions(io, flags), `Data written to: ${path}`)
    })
}

export const kvMetadataPut = settingsCommand('PUT')
export const kvMetadataPatch = settingsCommand('PATCH')

export const kvMetadataDelete: VaultCommand = (io, argv) =>
  runApiCommand(io, argv, { mount: flag.string({ default: '' }) }, async (io, client, flags, args) => {
    const path = await metadataPath(io, client, args, flags.mount)
    if (typeof path === 'number') return path
    const sent = await sendOrReport(io, `Error deleting ${path}`, () => client.delete(path))
    if ('code' in sent) return sent.code
    io.stdout.write(`Success! Data deleted (if it existed) at: ${path}\n`)
    return 0
  })

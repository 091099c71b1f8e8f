/**
 * `vault kv patch [-mount=m] [-cas=n] [-method=patch|rw] [-remove-data=k] <path> key=value...`:
 * changes some keys of the latest v2 version. By default an HTTP PATCH (a JSON merge patch),
 * falling back to read-then-write when the server refuses PATCH (405) or the policy lacks
 * the `patch` capability (403, with a warning).
 */
import { ApiError, type VaultClient, type VaultSecret } from '../client.js'
import { CommandUsageError, reportCommandError, type VaultCliIo, type VaultCommand } from '../command.js'
import { flag, OUTPUT_FLAGS } from '../flags.js'
import { parseKeyValues } from '../kv-args.js'
import { fail, outputOptions, printSecret, success, type OutputOptions } from '../output.js'
import { runApiCommand } from './generic-api-command.js'
import { sendOrReport } from './generic-outcome.js'
import { kvApiPath, resolveKvTarget } from './kv-mount.js'
import { printWrittenVersion } from './kv-output.js'
import { existingData, preRead } from './kv-pre-read.js'

const KV_PATCH_FLAGS = {
  ...OUTPUT_FLAGS,
  mount: flag.string({ default: '' }),
  cas: flag.int({ default: 0 }),
  method: flag.string({ default: '' }),
  'remove-data': flag.strings(),
}

/** The written version, or the exit code when the patch failed or printed its own result. */
type PatchOutcome = { secret: VaultSecret } | { code: number }

export const kvPatch: VaultCommand = (io, argv) =>
  runApiCommand(io, argv, KV_PATCH_FLAGS, async (io, client, flags, args) => {
    if (args.length < 1) throw new CommandUsageError(`Not enough arguments (expected >1, got ${args.length})`)
    if (flags['remove-data'].length === 0 && args.length === 1) throw new CommandUsageError('Must supply data')
    const out = outputOptions(io, flags)
    const newData = await parseKeyValues(args.slice(1), io.stdin)
    const target = await resolveKvTarget(client, args[0] as string, flags.mount ?? '')
    if (!target.v2) {
      fail(io, 'K/V engine mount must be version 2 for patch support')
      return 2
    }
    const fullPath = kvApiPath(target, 'data')
    // A null in a JSON merge patch removes the key.
    for (const key of flags['remove-data']) newData[key] = null

    const method = flags.method ?? ''
    let outcome: PatchOutcome
    switch (method) {
      case 'rw':
        outcome = await readThenWrite(io, client, fullPath, newData, out)
        break
      case 'patch':
      case '':
        outcome = await mergePatch(io, client, fullPath, newData, out, flags.cas ?? 0, method === '')
        break
      default:
        fail(io, `Unsupported method provided to -method flag: ${method}`)
        return 2
    }
    if ('code' in outcome) return outcome.code
    const { secret } = outcome
    if (out.field !== undefined || secret.wrap_info || out.format !== 'table') return printSecret(io, secret, out)
    return printWrittenVersion(io, fullPath, secret)
  })

async function mergePatch(io: VaultCliIo, client: VaultClient, path: string, data: Record<string, unknown>, out: OutputOptions, cas: number, rwFallback: boolean): Promise<PatchOutcome> {
  let secret: VaultSecret | undefined
  try {
    secret = (await client.request('PATCH', path, { body: { data, options: cas > 0 ? { cas } : {} } })).json as VaultSecret | undefined
  } catch (err) {
    if (rwFallback && err instanceof ApiError && err.status === 405) return readThenWrite(io, client, path, data, out)
    if (rwFallback && err instanceof ApiError && err.status === 403) {
      io.stderr.write(`Data was written to ${path} but we recommend that you add the "patch" capability to your ACL policy in order to use HTTP PATCH in the future.\n`)
      return readThenWrite(io, client, path, data, out)
    }
    return { code: reportCommandError(io, err, `Error writing data to ${path}`) }
  }
  return written(io, path, secret, out)
}

async function readThenWrite(io: VaultCliIo, client: VaultClient, path: string, newData: Record<string, unknown>, out: OutputOptions): Promise<PatchOutcome> {
  const current = await preRead(io, client, path, 'patch')
  if (typeof current === 'number') return { code: current }
  const data = existingData(io, path, 'patch', current)
  if (typeof data === 'number') return { code: data }
  const sent = await sendOrReport(io, `Error writing data to ${path}`, () => client.write(path, { data: { ...data, ...newData }, options: { cas: current.metadata['version'] } }))
  if ('code' in sent) return sent
  return written(io, path, sent.value, out)
}

function written(io: VaultCliIo, path: string, secret: VaultSecret | undefined, out: OutputOptions): PatchOutcome {
  if (secret !== undefined) return { secret }
  if (out.format === 'table') success(io, `Data written to: ${path}`)
  return { code: 0 }
}


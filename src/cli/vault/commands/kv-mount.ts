/**
 * Which KV mount a `vault kv` argument names, and its version, from the preflight
 * `GET sys/internal/ui/mounts/<path>` the real CLI sends before every kv command.
 */
import { ApiError, type VaultClient, type VaultSecret } from '../client.js'
import { expectArgs } from '../command.js'
import { preflightDeniedMessage } from '../output-policy-client.js'
import { PrintedFailure } from './generic-api-command.js'
import { addPrefixToKvPath, joinPath, sanitizePath } from './kv-paths.js'

/** A kv command's target after the preflight. */
export interface KvTarget {
  /** The mount's path as the server reports it (`secret/`); `''` when the server predates the preflight. */
  mountPath: string
  v2: boolean
  /** The secret's path including the mount, as the v2 prefix logic expects it. */
  partialPath: string
  /** `-mount=secret foo` rather than `secret/foo`. */
  mountFlagSyntax: boolean
}

/** Asks the server for the mount holding `path` and its KV version (1 unless `options.version` is "2"). */
export async function kvPreflight(client: VaultClient, path: string): Promise<{ mountPath: string; version: 1 | 2 }> {
  let secret: VaultSecret | undefined
  try {
    secret = await client.read(`sys/internal/ui/mounts/${path}`)
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) return { mountPath: '', version: 1 } // a server without the preflight: KV v1
    if (err instanceof ApiError && err.status === 403 && client.recordOnly) throw new PrintedFailure(preflightDeniedMessage(path))
    throw err
  }
  if (secret === undefined) return { mountPath: '', version: 1 }
  const data = secret.data ?? {}
  const mountPath = typeof data['path'] === 'string' ? data['path'] : ''
  const options = data['options'] as Record<string, unknown> | null | undefined
  return { mountPath, version: options?.['version'] === '2' ? 2 : 1 }
}

/**
 * Resolves what the user typed (`secret/foo`, or `foo` with `-mount=secret`) to a {@link KvTarget}.
 *
 * @example
 * const target = await resolveKvTarget(client, 'secret/myapp', '')
 * kvApiPath(target, 'data') // 'secret/data/myapp' on a v2 mount, 'secret/myapp' on v1
 */
export async function resolveKvTarget(client: VaultClient, arg: string, mountFlag: string): Promise<KvTarget> {
  const mountFlagSyntax = mountFlag !== ''
  let partialPath = sanitizePath(arg)
  const { mountPath, version } = await kvPreflight(client, mountFlagSyntax ? sanitizePath(mountFlag) : partialPath)
  const v2 = version === 2
  if (mountFlagSyntax && v2) partialPath = joinPath(mountPath, partialPath)
  return { mountPath, v2, partialPath, mountFlagSyntax }
}

/** The one path argument of a kv command (exactly one, or vault's usage error), resolved. */
export async function singleKvTarget(client: VaultClient, args: readonly string[], mountFlag: string | undefined): Promise<KvTarget> {
  expectArgs(args, 1)
  return resolveKvTarget(client, args[0] as string, mountFlag ?? '')
}

/**
 * The API path of a target: on v2 with the given prefix after the mount, on v1 the
 * typed path (joined to `-mount`).
 */
export function kvApiPath(target: KvTarget, v2Prefix: string): string {
  if (target.v2) return addPrefixToKvPath(target.partialPath, target.mountPath, v2Prefix)
  return target.mountFlagSyntax ? joinPath(target.mountPath, target.partialPath) : target.partialPath
}

/**
 * The sections `vault kv get|put|patch|metadata get` print around their tables:
 * `== Secret Path ==` over the API path, then titled Key/Value tables.
 */
import type { VaultSecret } from '../client.js'
import type { VaultCliIo } from '../command.js'
import { printMap, say } from '../output.js'
import { headerForMap, pathBanner } from './kv-paths.js'

const TABLE = { format: 'table' } as const

/** A JSON object (not null, not an array). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
}

/** `==== <title> ====` sized to the map's keys, then the map's Key/Value table. */
export function printTitledMap(io: VaultCliIo, title: string, data: Record<string, unknown>): number {
  say(io, headerForMap(title, data))
  return printMap(io, data, TABLE)
}

/** The path banner, written above a kv command's tables. */
export function printPathBanner(io: VaultCliIo, title: string, path: string): void {
  io.stdout.write(pathBanner(title, path))
}

/** What `kv put` and `kv patch` print after a write: the path and the new version's metadata. */
export function printWrittenVersion(io: VaultCliIo, path: string, secret: VaultSecret): number {
  printPathBanner(io, 'Secret Path', path)
  return printTitledMap(io, 'Metadata', secret.data ?? {})
}

/**
 * The emulator's side of a config: which server options it sets (explicit
 * options win) and whether PostgreSQL must be started.
 */
import { parsePostgresMode } from '../fixtures/postgres/index.js'
import type { PostgresMode } from '../fixtures/postgres/index.js'
import { ConfigError } from './config-error.js'
import type { LoadedConfig } from './read-config.js'

export interface ServerOptions {
  port?: number
  host?: string
  rootToken?: string
  seal?: 'dev' | 'shamir'
  clock?: { mode?: 'real' | 'frozen'; start?: string }
  stateFile?: string
  postgres?: PostgresMode
}

/** Options from the config's `server:` block and its connections' `provider:`. */
export function serverOptions(loaded: LoadedConfig): ServerOptions {
  const server = loaded.config.server ?? {}
  const out: ServerOptions = {}
  if (server.port !== undefined) out.port = server.port
  if (server.host !== undefined) out.host = server.host
  if (server.root_token !== undefined) out.rootToken = server.root_token
  if (server.seal !== undefined) out.seal = server.seal
  if (server.clock !== undefined) out.clock = { ...server.clock }
  if (server.state_file !== undefined) out.stateFile = server.state_file
  const postgres = server.postgres ?? providerOf(loaded)
  if (postgres !== undefined) {
    try {
      out.postgres = parsePostgresMode(postgres)
    } catch (err) {
      throw new ConfigError(`server.postgres: ${err instanceof Error ? err.message : String(err)}`, loaded.source?.positionOf(['server', 'postgres']))
    }
  }
  return out
}

function providerOf(loaded: LoadedConfig): string | undefined {
  for (const mount of Object.values(loaded.config.secrets ?? {})) {
    for (const connection of Object.values(mount.connections ?? {})) if (connection.provider) return connection.provider
  }
  return undefined
}

/** `vault-emu up`: serve the emulator until Ctrl-C / SIGTERM. */
import { parseArgs } from 'node:util'
import { startVaultEmulator } from '../emulator/emulator.js'
import { UsageError } from './usage-error.js'
import { parsePostgresMode } from '../fixtures/postgres/parse-mode.js'
import { existsSync } from 'node:fs'
import { relative } from 'node:path'
import type { ConfigWatcher } from '../config-loader/watch.js'
import type { PostgresMode } from '../fixtures/postgres/index.js'

export const UP_USAGE = `Usage: vault-emu up [options]

Start a Vault emulator, by default in dev mode (unsealed, secret/ as KV v2).

Options:
  --config <path>     build the emulator from this vault.config.yaml (or its folder);
                      default: ./vault.config.yaml when present. Flags override it.
  --watch             apply changes to vault.config.yaml, policies/*.hcl and roles/*.yaml
                      while running (validated first; a broken file keeps the last good
                      config and prints its problems). Secrets, tokens and leases stay.
  --port <n>          port to listen on (default 8200; 0 picks a free port)
  --host <addr>       interface to bind (default 127.0.0.1)
  --root-token <id>   the root token (default "root")
  --clock <mode>      real (default: time flows, expiries fire by themselves) or frozen
  --clock-start <t>   start the virtual clock at this RFC 3339 time
  --seal <type>       dev (default: initialised and unsealed) or shamir (starts
                      uninitialised: vault operator init, then unseal with the keys)
  --state-file <path> keep the state in this file (encrypted) across restarts; with
                      --seal shamir a restart comes up sealed, in dev mode it unseals
                      itself (the file header holds the dev key in clear)
  --postgres <mode>   start a PostgreSQL for the database engine: auto (Testcontainers
                      if Docker answers, else embedded), embedded, testcontainers,
                      none (default), or a postgres:// URL of a server you run
  -h, --help          show this help`

/** The config `vault-emu up` loads when it finds one (read-config.ts's CONFIG_FILE; not imported, to keep start-up light). */
const CONFIG_FILE = 'vault.config.yaml'

function parsePort(text: string): number {
  if (!/^\d+$/.test(text) || Number(text) > 65535) throw new UsageError(`invalid --port ${JSON.stringify(text)}: expected a number from 0 to 65535`)
  return Number(text)
}

export async function up(argv: string[], out: NodeJS.WriteStream = process.stdout): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      config: { type: 'string' },
      watch: { type: 'boolean' },
      port: { type: 'string' },
      host: { type: 'string' },
      'root-token': { type: 'string' },
      clock: { type: 'string' },
      'clock-start': { type: 'string' },
      seal: { type: 'string' },
      'state-file': { type: 'string' },
      postgres: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
    allowPositionals: false,
  })
  if (values.help) {
    out.write(`${UP_USAGE}\n`)
    return
  }
  const rootToken = values['root-token']
  if (rootToken !== undefined && (rootToken === '' || rootToken.includes('.'))) throw new UsageError('invalid --root-token: it must be non-empty and contain no "."')
  const mode = values.clock
  if (mode !== undefined && mode !== 'real' && mode !== 'frozen') throw new UsageError(`invalid --clock ${JSON.stringify(mode)}: expected "real" or "frozen"`)
  const start = values['clock-start']
  if (start !== undefined && !Number.isFinite(Date.parse(start))) throw new UsageError(`invalid --clock-start ${JSON.stringify(start)}: expected an RFC 3339 time`)
  const seal = values.seal
  if (seal !== undefined && seal !== 'dev' && seal !== 'shamir') throw new UsageError(`invalid --seal ${JSON.stringify(seal)}: expected "dev" or "shamir"`)
  const stateFile = values['state-file']
  if (stateFile === '') throw new UsageError('invalid --state-file: expected a file path')
  let postgres: PostgresMode | undefined
  if (values.postgres !== undefined) {
    try {
      postgres = parsePostgresMode(values.postgres)
    } catch (err) {
      throw new UsageError(`invalid --postgres: ${err instanceof Error ? err.message : String(err)}`)
    }
  }
  if (values.config !== undefined && !existsSync(values.config)) throw new UsageError(`--config ${values.config}: no such file or folder`)
  const config = values.config ?? (existsSync(CONFIG_FILE) ? CONFIG_FILE : undefined)
  if (values.watch && config === undefined) throw new UsageError(`--watch needs a config: pass --config or run where ${CONFIG_FILE} is`)
  if (config !== undefined) out.write(`loading ${config}\n`)
  // Only the flags given are passed: the config's server block fills the rest.
  const vault = await startVaultEmulator({
    ...(config === undefined ? {} : { config }),
    ...(postgres === undefined ? {} : { postgres }),
    log: (line) => void out.write(`${line}\n`),
    ...(seal === undefined ? {} : { seal }),
    ...(stateFile === undefined ? {} : { stateFile }),
    ...(mode === undefined && start === undefined ? {} : { clock: { ...(mode === undefined ? {} : { mode }), ...(start === undefined ? {} : { start }) } }),
    ...(values.port === undefined ? {} : { port: parsePort(values.port) }),
    ...(values.host === undefined ? {} : { host: values.host }),
    ...(rootToken === undefined ? {} : { rootToken }),
  })
  const status = vault.core.sealStatus()
  const state = stateFile === undefined ? '' : `, state in ${stateFile}`
  if (!status.sealed) {
    out.write(`vault-emu listening on ${vault.addr} (dev mode: unsealed, secret/ is KV v2${state})\n\n`)
    out.write(`export VAULT_ADDR=${vault.addr}\nexport VAULT_TOKEN=${vault.rootToken}\n`)
    if (vault.unsealKey) out.write(`\nUnseal Key: ${vault.unsealKey}\n`)
  } else {
    const what = !status.initialized
      ? 'not initialised; run "vault operator init"'
      : `sealed; unseal with ${status.threshold} of the ${status.shares} keys ("vault operator unseal")`
    out.write(`vault-emu listening on ${vault.addr} (${what}${state})\n\n`)
    out.write(`export VAULT_ADDR=${vault.addr}\n`)
  }
  if (vault.postgres) {
    const pg = vault.postgres
    out.write(`\nPostgreSQL (${pg.kind}) at ${pg.host}:${pg.port}, database ${pg.database}, admin user ${pg.user}\n`)
    out.write(`  admin URL (with its password): curl -H "X-Vault-Token: $VAULT_TOKEN" ${vault.addr}/_emu/postgres\n`)
  }
  let watcher: ConfigWatcher | undefined
  if (values.watch && config !== undefined) {
    try {
      const { watchConfig } = await import('../config-loader/watch.js')
      watcher = await watchConfig(vault, config, { log: (line) => void out.write(`${line}\n`) })
    } catch (err) {
      await vault.stop()
      throw err
    }
    out.write(`\nwatching ${watcher.dirs.map((d) => relative(process.cwd(), d) || '.').join(', ')} for changes\n`)
  }
  let stopping = false
  const stop = (signal: string): void => {
    if (stopping) return
    stopping = true
    watcher?.close()
    out.write(`\n${signal}: shutting down\n`)
    vault.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        process.stderr.write(`vault-emu: error while stopping: ${String(err)}\n`)
        process.exit(1)
      },
    )
  }
  process.once('SIGINT', () => stop('SIGINT'))
  process.once('SIGTERM', () => stop('SIGTERM'))
}

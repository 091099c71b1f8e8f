/**
 * The public emulator object: a core, optionally served over HTTP.
 *
 * @example
 * const vault = await startVaultEmulator({ port: 0 })
 * process.env.VAULT_ADDR = vault.addr
 * await vault.clock.advance('1h')
 * await vault.stop()
 */
import { Core } from './core/core.js'
import type { Clock, ClockOptions } from './core/clock.js'
import { listen } from './transport/fastify/server.js'
import type { RunningServer } from './transport/fastify/server.js'
import { callVault } from './transport/in-process.js'
import type { CallOptions, CallResult } from './transport/in-process.js'
import type { CoreOptions } from './core/core.js'
import type { SealMode } from './core/seal/seal-manager.js'
import { restoreSnapshot, takeSnapshot } from './core/snapshot/memory-snapshot.js'
import type { EmulatorSnapshot } from './core/snapshot/memory-snapshot.js'
import { auditAccess } from './core/audit/audit-access.js'
import type { AuditAccess } from './core/audit/audit-access.js'
import { kubernetesAccess } from './kubernetes/kubernetes-access.js'
import type { KubernetesAccess } from './kubernetes/kubernetes-access.js'
import type { PostgresMode, RunningPostgres } from '../fixtures/postgres/index.js'
import type { LoadedConfig } from '../config-loader/read-config.js'
import type { VaultConfig } from '../config-loader/types.js'
import type { FaultInjector } from './core/faults.js'

export interface VaultEmulatorOptions {
  /**
   * Build the emulator from files: a folder holding `vault.config.yaml` (with
   * `policies/` and `roles/` beside it), the file itself, or an object of the
   * same shape. Its `server:` block gives defaults; the other options here win.
   * Everything is written through the API with the root token at start-up.
   */
  config?: string | VaultConfig
  /**
   * Start a PostgreSQL for the database engine: `auto` (Testcontainers when Docker answers,
   * else embedded), `embedded`, `testcontainers`, `{ url }` for a server you run, or `none`
   * (default). Stopping the emulator stops the server it started.
   */
  postgres?: PostgresMode
  /** Progress lines (PostgreSQL start-up); default: none. */
  log?: (line: string) => void
  /** Port to listen on; 0 picks a free one. Default 8200. */
  port?: number
  /** Interface to bind. Default 127.0.0.1. */
  host?: string
  /** The dev root token. Default `root`. */
  rootToken?: string
  /** Clock mode and start time. Default: real time. */
  clock?: ClockOptions
  /**
   * `dev` (default): initialised and unsealed, like `vault server -dev`.
   * `shamir`: starts uninitialised; `sys/init` splits the root key into shares, `sys/unseal` takes them.
   */
  seal?: SealMode
  /**
   * Keep the state in this file across restarts, encrypted (AES-256-GCM). With
   * `seal: 'shamir'` only the key shares open it, so a restart comes up sealed;
   * in dev mode the file header holds the key in clear and a restart unseals
   * by itself (dev mode is for development).
   */
  stateFile?: string
}

/** What {@link VaultEmulator.token} creates. */
export interface TokenOptions {
  /** Policy names; default `['default']`. */
  policies?: string[]
  /** `'1h'`, `'30m'` or seconds; default: the token mount's default TTL. */
  ttl?: string | number
  /** Default true, as `vault token create` makes them. */
  renewable?: boolean
}

export interface VaultEmulator {
  /** `http://127.0.0.1:8200` when served over HTTP; `''` in-process. */
  readonly addr: string
  readonly rootToken: string
  readonly clock: Clock
  /** The in-process core (advanced use). */
  readonly core: Core
  /** Entries of `memory` audit devices and audit-hash, for assertions (see {@link AuditAccess}). */
  readonly audit: AuditAccess
  /**
   * The emulator's fake Kubernetes cluster: mint service-account JWTs and point
   * the kubernetes auth method's `kubernetes_host` at {@link KubernetesAccess.host}.
   *
   * @example
   * await vault.request('POST', 'auth/kubernetes/config', { data: { kubernetes_host: vault.kubernetes.host } })
   * const jwt = vault.kubernetes.serviceAccountToken({ namespace: 'production', serviceAccount: 'myapp-sa' })
   */
  readonly kubernetes: KubernetesAccess
  /**
   * The PostgreSQL the emulator started (`options.postgres`), with its admin URL and
   * `connect()` / `connectAs(user, password)`; undefined when none.
   */
  readonly postgres: RunningPostgres | undefined
  /**
   * Create a token in one line (`auth/token/create` as root) and return its id.
   *
   * @example
   * const token = await vault.token({ policies: ['web-frontend'], ttl: '1h' })
   * await vault.request('GET', 'secret/data/frontend/x', { token })
   */
  token(options?: TokenOptions): Promise<string>
  /** Call the Vault API through the core, without a socket. Uses the root token unless told otherwise. */
  request(method: string, path: string, options?: CallOptions): Promise<CallResult>
  /** Dev mode's unseal key (base64), as `vault server -dev` prints it; undefined with the Shamir seal or while sealed. */
  readonly unsealKey: string | undefined
  /**
   * Make Vault misbehave, to test how a service survives it: seal and unseal,
   * an unreachable database, failing lease renewals and revocations, a failing
   * audit device, slow responses. Each change is logged to the audit devices
   * (`{"type":"emulator-fault",...}` lines); {@link VaultEmulator.restore} and
   * `faults.clear()` undo them all. Also over HTTP: `GET`/`POST /_emu/faults`.
   *
   * @example
   * await vault.faults.seal()
   * expect((await vault.request('GET', 'secret/data/app')).status).toBe(503)
   * await vault.faults.unseal()
   * vault.faults.databaseDown() // database/creds/*: 500 "... connect: connection refused"
   */
  readonly faults: FaultInjector
  /**
   * A copy of all state (mounts, tokens, leases, policies, data), in memory, for fast test isolation.
   *
   * @example
   * const clean = vault.snapshot()
   * afterEach(() => vault.restore(clean))
   */
  snapshot(): EmulatorSnapshot
  /**
   * Put back a {@link VaultEmulator.snapshot}. Leases issued since the snapshot are
   * revoked first (dynamic database users really dropped); leases that expired
   * since fall due on the next clock move. The clock keeps its time. Injected
   * {@link VaultEmulator.faults} are cleared first.
   *
   * @example
   * const clean = vault.snapshot()
   * await vault.request('GET', 'database/creds/readonly') // a new PostgreSQL user
   * await vault.restore(clean)                            // ...dropped again
   */
  restore(snapshot: EmulatorSnapshot): Promise<void>
  stop(): Promise<void>
  [Symbol.asyncDispose](): Promise<void>
}

class Emulator implements VaultEmulator {
  constructor(
    readonly core: Core,
    private readonly server: RunningServer | undefined,
    readonly postgres: RunningPostgres | undefined,
  ) {
    if (postgres) core.services.postgres = { kind: postgres.kind, adminUrl: postgres.adminUrl }
  }

  get addr(): string {
    return this.server?.address ?? ''
  }

  get rootToken(): string {
    return this.core.rootTokenId
  }

  get clock(): Clock {
    return this.core.clock
  }

  get audit(): AuditAccess {
    return auditAccess(this.core.audit)
  }

  get kubernetes(): KubernetesAccess {
    return kubernetesAccess(this.core.kubernetes, this.addr)
  }

  get unsealKey(): string | undefined {
    return this.core.seal.devUnsealKey
  }

  get faults(): FaultInjector {
    return this.core.faults
  }

  snapshot(): EmulatorSnapshot {
    return takeSnapshot(this.core)
  }

  restore(snapshot: EmulatorSnapshot): Promise<void> {
    return restoreSnapshot(this.core, snapshot)
  }

  async token(options: TokenOptions = {}): Promise<string> {
    const data: Record<string, unknown> = { policies: options.policies ?? ['default'] }
    if (options.ttl !== undefined) data['ttl'] = options.ttl
    if (options.renewable !== undefined) data['renewable'] = options.renewable
    const reply = await this.request('POST', 'auth/token/create', { data })
    const token = (reply.json as { auth?: { client_token?: string } } | undefined)?.auth?.client_token
    if (reply.status !== 200 || !token) {
      const errors = (reply.json as { errors?: string[] } | undefined)?.errors ?? []
      throw new Error(`[vault-emu] token(): auth/token/create answered ${reply.status}: ${errors.join('; ') || 'no token'}`)
    }
    return token
  }

  request(method: string, path: string, options: CallOptions = {}): Promise<CallResult> {
    return callVault(this.core, method, path, { token: this.rootToken, ...options })
  }

  async stop(): Promise<void> {
    await this.server?.close()
    await this.core.stop()
    await this.postgres?.stop()
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.stop()
  }
}

/** An emulator served over HTTP (real sockets; for any Vault client). */
export async function startVaultEmulator(given: VaultEmulatorOptions = {}): Promise<VaultEmulator> {
  const { options, loaded } = await withConfig(given)
  const postgres = await startPostgresFor(options)
  let emulator: Emulator
  try {
    const core = await Core.create(coreOptions(options))
    const server = await listen(core, { port: options.port ?? 8200, host: options.host ?? '127.0.0.1' })
    emulator = new Emulator(core, server, postgres)
  } catch (err) {
    await postgres?.stop()
    throw err
  }
  return applyLoaded(emulator, loaded, options.log)
}

/** An emulator without a socket: call it with `request()` or serve it through msw. */
export async function createVaultEmulator(given: Omit<VaultEmulatorOptions, 'port' | 'host'> = {}): Promise<VaultEmulator> {
  const { options, loaded } = await withConfig(given)
  const postgres = await startPostgresFor(options)
  let emulator: Emulator
  try {
    emulator = new Emulator(await Core.create(coreOptions(options)), undefined, postgres)
  } catch (err) {
    await postgres?.stop()
    throw err
  }
  return applyLoaded(emulator, loaded, options.log)
}

// The config loader, PostgreSQL providers and their libraries load only when asked for, so that
// a bare emulator starts quickly.
async function withConfig<T extends Omit<VaultEmulatorOptions, 'port' | 'host'>>(given: T): Promise<{ options: T; loaded: LoadedConfig | undefined }> {
  if (given.config === undefined) return { options: given, loaded: undefined }
  const { loadConfig } = await import('../config-loader/read-config.js')
  const { serverOptions } = await import('../config-loader/boot.js')
  const loaded = loadConfig(given.config)
  const explicit = Object.fromEntries(Object.entries(given).filter(([, v]) => v !== undefined))
  const fromConfig = serverOptions(loaded)
  const clock = fromConfig.clock || given.clock ? { ...fromConfig.clock, ...given.clock } : undefined
  return { options: { ...fromConfig, ...explicit, ...(clock ? { clock } : {}) } as T, loaded }
}

async function applyLoaded(emulator: Emulator, loaded: LoadedConfig | undefined, log?: (line: string) => void): Promise<Emulator> {
  if (!loaded) return emulator
  if (emulator.core.sealStatus().sealed) {
    // Nothing can be written before the unseal ceremony; the state file (if any) holds what was.
    log?.('config not applied: the emulator starts sealed')
    return emulator
  }
  try {
    const vars = { ...process.env, VAULT_EMU_ADDR: emulator.addr, VAULT_EMU_KUBERNETES_HOST: emulator.kubernetes.host }
    const { applyConfig } = await import('../config-loader/apply.js')
    await applyConfig(emulator.core, loaded, { vars, postgres: emulator.postgres })
  } catch (err) {
    await emulator.stop()
    throw err
  }
  return emulator
}

async function startPostgresFor(options: Pick<VaultEmulatorOptions, 'postgres' | 'log'>): Promise<RunningPostgres | undefined> {
  if (options.postgres === undefined || options.postgres === 'none') return undefined
  const { startPostgres } = await import('../fixtures/postgres/index.js')
  return startPostgres({ mode: options.postgres, ...(options.log ? { log: options.log } : {}) })
}

function coreOptions(options: Omit<VaultEmulatorOptions, 'port' | 'host'>): CoreOptions {
  return {
    ...(options.rootToken ? { rootToken: options.rootToken } : {}),
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.seal ? { seal: options.seal } : {}),
    ...(options.stateFile === undefined ? {} : { stateFile: options.stateFile }),
  }
}

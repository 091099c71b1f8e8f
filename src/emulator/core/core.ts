/**
 * The core: knows Vault, not HTTP. `handle()` takes a logical request through
 * routing, token and ACL checks, the backend's field parsing and handler, and
 * returns a logical response (or throws a VaultError).
 */
import { Clock } from './clock.js'
import type { ClockOptions } from './clock.js'
import { MemoryStorage } from './storage.js'
import type { Storage } from './storage.js'
import { MountTable, effectiveTtls } from './mounts.js'
import { RouteCache, resolveRoute } from './route-cache.js'
import type { MountClass, MountConfig, MountEntry } from './mounts.js'
import { TokenStore } from './token-store.js'
import type { TokenEntry } from './token-store.js'
import { PolicyStore } from './policy-store.js'
import { ExpirationManager } from './expiration/manager.js'
import { VaultError, badToken, invalidRequest, permissionDenied, unsupportedOperation, unsupportedPath } from './errors.js'
import type { LogicalRequest, LogicalResponse, Operation } from './request.js'
import { randomHex, uuid } from './ids.js'
import { addressAllowed } from './cidr.js'
import { coerceField, FieldError, zeroValue } from '../framework/fields.js'
import type { FieldSpec } from '../framework/fields.js'
import type { CompiledPath, HandledOperation, RequestContext } from '../framework/path.js'
import type { Backend } from '../framework/backend.js'
import type { HandlerEnv } from '../framework/env.js'
import { builtinBackends, builtinVersion, loadBackends } from '../builtin/registry.js'
import type { AclDecision } from './policy/index.js'
import { SealManager } from './seal/seal-manager.js'
import type { InitRequest, InitResult, SealMode } from './seal/seal-manager.js'
import { createRootToken } from './seal/root-token.js'
import { AuditBroker } from './audit/broker.js'
import type { AuditTrail } from './audit/trail.js'
import { FakeKubernetesCluster } from '../kubernetes/fake-cluster.js'
import { FaultInjector } from './faults.js'
import { rfc3339 } from '../framework/time-format.js'

export interface CoreOptions {
  clock?: Clock | ClockOptions
  /** Where operational messages go (failed revocations...). Default: stderr. */
  log?: (message: string) => void
  /** Dev mode's root token id (`vault server -dev -dev-root-token-id`). */
  rootToken?: string
  /** `dev` (default): initialised and unsealed. `shamir`: starts uninitialised, unsealed with key shares. */
  seal?: SealMode
  /** Keep the state in this file (encrypted) across restarts. */
  stateFile?: string
}

export interface SealStatus {
  initialized: boolean
  sealed: boolean
  threshold: number
  shares: number
  progress: number
  nonce: string
}

export interface HandledRequest {
  response: LogicalResponse | undefined
  /** The mount that served the request (for `mount_type` and audit). */
  mount: MountEntry | undefined
  /** The operation after the existence check. */
  operation: Operation
  token: TokenEntry | undefined
}

export interface EnableMountInput {
  path: string
  type: string
  class: MountClass
  description?: string
  config?: Partial<MountConfig>
  options?: Record<string, string> | null
  local?: boolean
  seal_wrap?: boolean
  external_entropy_access?: boolean
}

const MOUNTS_KEY = 'core/mounts'

/** Default descriptions of always-present mounts, as Vault words them. */
const CORE_MOUNTS: EnableMountInput[] = [
  { path: 'cubbyhole/', type: 'cubbyhole', class: 'secret', description: 'per-token private secret storage', local: true },
  { path: 'identity/', type: 'identity', class: 'secret', description: 'identity store', config: { passthrough_request_headers: ['Authorization'] } },
  { path: 'sys/', type: 'system', class: 'secret', description: 'system endpoints used for control, policy and debugging', seal_wrap: true, config: { passthrough_request_headers: ['Accept'] } },
  { path: 'auth/token/', type: 'token', class: 'auth', description: 'token based credentials' },
]

export class Core {
  readonly storage = new MemoryStorage()
  readonly clock: Clock
  readonly mounts = new MountTable()
  readonly #routes = new RouteCache(this.mounts)
  readonly tokens: TokenStore
  readonly policies: PolicyStore
  readonly expiration: ExpirationManager
  /** Audit devices: every request through handle() is logged to them, or refused. */
  readonly audit: AuditBroker = new AuditBroker(this)
  /** The dev root token, or the one `sys/init` returned in this process (`''` when unknown). */
  rootTokenId: string
  readonly seal: SealManager
  readonly log: (message: string) => void
  /** Name and id of this emulated cluster (health, seal-status). */
  readonly clusterIdentity = { cluster_name: `vault-cluster-${randomHex(8)}`, cluster_id: uuid() }
  /** When this node became active (RFC 3339). */
  readonly activeSince: string
  /** The address clients reach the API on; set by the server once it listens. */
  apiAddress = 'http://127.0.0.1:8200'
  /** Services the emulator started next to the core, shown to the root token under `/_emu/`. */
  readonly services: { postgres?: { kind: string; adminUrl: string } } = {}
  /** The emulator's fake Kubernetes cluster (TokenReview for the kubernetes auth method; `/_emu/k8s`). */
  readonly kubernetes: FakeKubernetesCluster
  /** Injected faults (`vault.faults`): sealing, an unreachable database, failing renewals... */
  readonly faults: FaultInjector = new FaultInjector(this)
  readonly #mountViews = new WeakMap<MountEntry, Storage>()

  private constructor(options: CoreOptions) {
    this.clock = options.clock instanceof Clock ? options.clock : new Clock(options.clock)
    this.tokens = new TokenStore(this.storage.sub('sys/token/'), this.clock)
    this.policies = new PolicyStore(this.storage.sub('sys/policy/'))
    this.rootTokenId = options.seal === 'shamir' ? '' : (options.rootToken ?? 'root')
    this.log = options.log ?? ((message) => void process.stderr.write(`${message}\n`))
    this.expiration = new ExpirationManager(this.storage.sub('sys/expire/'), this.clock, this, this.log)
    this.tokens.onRevoke(async (entry) => {
      this.#destroyCubbyhole(entry)
      await this.expiration.revokeByToken(entry.id)
    })
    this.activeSince = rfc3339(this.clock.now())
    this.kubernetes = new FakeKubernetesCluster(this.clock)
    this.seal = new SealManager(this, { mode: options.seal ?? 'dev', ...(options.stateFile === undefined ? {} : { stateFile: options.stateFile }) })
  }

  // ---- seal -----------------------------------------------------------------

  sealStatus(): SealStatus {
    return this.seal.status()
  }

  initialize(request: InitRequest): Promise<InitResult> {
    return this.seal.initialize(request)
  }

  /**
   * A core: in dev mode unsealed, `secret/` as KV v2, a root token; with the
   * Shamir seal uninitialised. With a state file, whatever the file holds.
   */
  static async create(options: CoreOptions = {}): Promise<Core> {
    const core = new Core(options)
    await core.seal.start()
    return core
  }

  /** Dev mode's first content: the core mounts, `secret/` as KV v2, the root token. */
  bootstrapDev(): void {
    this.bootstrapInit(this.rootTokenId)
    this.enableMount({ path: 'secret/', type: 'kv', class: 'secret', description: 'key/value secret storage', options: { version: '2' } })
  }

  /** What `sys/init` writes: default policies, the core mounts, the root token. */
  bootstrapInit(rootToken: string): void {
    this.policies.ensureDefaults()
    for (const m of CORE_MOUNTS) this.enableMount(m)
    createRootToken(this, rootToken)
  }

  // ---- mounts ---------------------------------------------------------------

  enableMount(input: EnableMountInput): MountEntry {
    const type = input.type
    const prefix = input.class === 'auth' ? `auth_${type}` : type
    const entry: MountEntry = {
      path: input.path,
      class: input.class,
      type,
      description: input.description ?? '',
      accessor: `${prefix}_${randomHex(8)}`,
      uuid: uuid(),
      local: input.local ?? false,
      seal_wrap: input.seal_wrap ?? false,
      external_entropy_access: input.external_entropy_access ?? false,
      options: input.options ?? null,
      config: { default_lease_ttl: 0, max_lease_ttl: 0, force_no_cache: false, ...input.config },
      plugin_version: '',
      running_plugin_version: builtinVersion(type),
    }
    this.mounts.add({ entry, backend: this.#instantiate(entry) })
    this.#saveMounts()
    return entry
  }

  async disableMount(path: string): Promise<void> {
    if (!this.mounts.get(path)) return
    // Vault revokes every lease of a mount before removing it (dynamic users are dropped).
    await this.expiration.revokePrefix(path)
    if (path.startsWith('auth/')) {
      for (const id of this.tokens.allIds()) {
        if (this.tokens.raw(id)?.path.startsWith(path)) await this.tokens.revokeTree(id)
      }
    }
    const removed = this.mounts.remove(path)
    if (!removed) return
    await removed.backend.cleanup()
    for (const key of this.storage.keys(this.mountStoragePrefix(removed.entry))) {
      this.storage.delete(this.mountStoragePrefix(removed.entry) + key)
    }
    this.#saveMounts()
  }

  /** Persist a changed entry (tune). */
  updateMount(entry: MountEntry): void {
    const found = this.mounts.get(entry.path)
    if (!found) return
    const optionsChanged = JSON.stringify(found.entry.options) !== JSON.stringify(entry.options)
    if (optionsChanged) {
      void found.backend.cleanup()
      this.mounts.add({ entry, backend: this.#instantiate(entry) })
    } else {
      found.entry = entry
    }
    this.#saveMounts()
  }

  mountStoragePrefix(entry: MountEntry): string {
    return `${entry.class === 'auth' ? 'auth' : 'logical'}/${entry.uuid}/`
  }

  /** The mount's storage view, made once per mount entry rather than once per request. */
  #mountStorage(entry: MountEntry): Storage {
    let view = this.#mountViews.get(entry)
    if (!view) {
      view = this.storage.sub(this.mountStoragePrefix(entry))
      this.#mountViews.set(entry, view)
    }
    return view
  }

  #instantiate(entry: MountEntry): Backend {
    const factory = builtinBackends[entry.type]
    if (!factory) throw invalidRequest(`plugin not found in the catalog: ${entry.type}`)
    return factory({ core: this, mount: entry, storage: this.#mountStorage(entry) })
  }

  #saveMounts(): void {
    this.storage.put(MOUNTS_KEY, this.mounts.all().map((m) => m.entry))
  }

  /**
   * Rebuild everything held in memory from storage, after a restore replaced
   * it: backend instances, parsed tokens, ACLs, and every timer on the clock.
   * Leases that expired meanwhile fall due on the next clock move.
   */
  async reloadFromStorage(): Promise<void> {
    for (const m of this.mounts.clear()) await m.backend.cleanup()
    // Before the backends come back: they may arm timers of their own (static role rotation).
    this.clock.clearTimers()
    const entries = this.storage.get<MountEntry[]>(MOUNTS_KEY) ?? []
    await loadBackends(entries.map((e) => e.type))
    for (const entry of entries) {
      this.mounts.add({ entry, backend: this.#instantiate(entry) })
    }
    this.policies.invalidate()
    this.tokens.reload()
    this.expiration.reload()
    this.audit.reload()
  }

  /** Stop timers and release what backends hold (connections). */
  async stop(): Promise<void> {
    this.seal.stop()
    this.clock.dispose()
    for (const m of this.mounts.all()) await m.backend.cleanup()
    this.audit.close()
  }

  /** Effective default and max TTL for a mount. */
  mountTtls(entry: MountEntry): { defaultTtl: number; maxTtl: number } {
    return effectiveTtls(entry)
  }

  // ---- requests -------------------------------------------------------------

  async handle(req: LogicalRequest): Promise<HandledRequest> {
    const persisted = this.seal.beginRequest()
    try {
      return await this.audit.record(req, (trail) => this.#dispatch(req, trail))
    } finally {
      persisted()
      // Injected latency (`vault.faults.latency()`): wall time, after the work, before the answer.
      if (this.faults.latencyMs > 0) await this.faults.delay()
    }
  }

  async #dispatch(req: LogicalRequest, trail: AuditTrail | undefined): Promise<HandledRequest> {
    // Sealed: only the seal's own endpoints answer, everything else is 503 (before routing, as in Vault).
    const route = this.seal.sealed ? resolveRoute(this.seal.routeWhileSealed(req.path), req.path) : this.#routes.resolve(req.path)
    const mounted = route?.mounted
    const unauthenticated = route?.unauthenticated ?? false
    const token = this.#authenticate(req, unauthenticated)

    const match = route?.match
    const env: HandlerEnv | undefined = mounted && {
      storage: this.#mountStorage(mounted.entry),
      clock: this.clock,
      mount: mounted.entry,
      core: this,
      token,
    }
    const warnings: string[] = []
    const ctx = match && env ? buildContext(req, match.path.definition, match.params, env, warnings) : undefined

    let operation: Operation = req.operation
    const definition = match?.path.definition
    if (operation === 'update' && definition?.existenceCheck && ctx) {
      const exists = definition.existenceCheck(ctx)
      operation = (typeof exists === 'boolean' ? exists : await exists) ? 'update' : 'create'
    }

    let decision: AclDecision | undefined
    if (!unauthenticated && token) {
      decision = this.checkAcl(token, operation, req.path, req.data)
      if (decision.allowed && !decision.sudo && route?.sudo) decision = { ...decision, allowed: false }
    }
    // Audit: the request entry is written (or the request refused) before anything is served.
    trail?.resolve({ mount: mounted?.entry, token, operation, decision, fields: definition?.fields })
    if (decision && !decision.allowed) throw permissionDenied()
    // Awaited only when a device stores asynchronously: every await costs a turn of the microtask queue.
    const admitted = trail?.admit()
    if (admitted) await admitted

    if (!mounted) throw new VaultError('unsupported-path', `no handler for route ${JSON.stringify(req.path)}. route entry not found.`)
    if (!match || !definition || !ctx) throw unsupportedPath()

    const handler = definition.operations[handlerOperation(operation)] ??
      (operation === 'create' ? definition.operations.update : undefined)
    if (!handler) throw unsupportedOperation()

    ctx.operation = operation
    parseFields(ctx, match.path, definition.takesAnyField ?? false)
    const handled = handler(ctx)
    let response = handled instanceof Promise ? await handled : handled
    if (response && ctx.ignored.length > 0) {
      warnings.push(`Endpoint ignored these unrecognized parameters: [${ctx.ignored.sort().join(' ')}]`)
    }
    if (response?.secret) response = this.#registerLease(req, mounted.entry, token, response)
    let merged = mergeWarnings(response, warnings)

    if (token && !unauthenticated && this.tokens.use(token)) {
      await this.tokens.revokeTree(token.id)
      if (merged?.lease) {
        // Vault revokes what the last use produced rather than hand out a secret that outlives its token.
        merged = { data: null, warnings: ['Secret cannot be returned; token had one use left, so leased credentials were immediately revoked.'] }
      }
    }
    return { response: merged, mount: mounted.entry, operation, token }
  }

  #registerLease(req: LogicalRequest, mount: MountEntry, token: TokenEntry | undefined, response: LogicalResponse): LogicalResponse {
    const spec = response.secret
    if (!spec) return response
    const lease = this.expiration.register(req.path, mount.path, token?.id ?? '', spec)
    const { secret: _secret, ...rest } = response
    return { ...rest, lease: { leaseId: lease.id, ttl: spec.ttl, renewable: lease.renewable } }
  }

  /** The ACL decision for a token; root tokens are always allowed with sudo. */
  checkAcl(token: TokenEntry, operation: Operation, path: string, data?: Record<string, unknown>): AclDecision {
    const acl = this.policies.acl(token.policies)
    if (acl.root) return { allowed: true, sudo: true }
    const aclOp = operation === 'header' ? 'read' : operation
    return acl.check(aclOp, path, data)
  }

  #authenticate(req: LogicalRequest, unauthenticated: boolean): TokenEntry | undefined {
    const token = this.tokens.lookup(req.clientToken)
    if (token && !addressAllowed(token.bound_cidrs, req.connection.remoteAddress)) {
      if (unauthenticated) return undefined
      throw badToken()
    }
    if (!token && !unauthenticated) throw badToken()
    return token
  }

  #destroyCubbyhole(entry: TokenEntry): void {
    const cubby = this.mounts.all('secret').find((m) => m.entry.type === 'cubbyhole')
    if (!cubby) return
    const prefix = `${this.mountStoragePrefix(cubby.entry)}${entry.cubbyhole_id}/`
    for (const key of this.storage.keys(prefix)) this.storage.delete(prefix + key)
  }
}

interface InternalContext extends RequestContext {
  ignored: string[]
  sent: Set<string>
}

function handlerOperation(op: Operation): HandledOperation {
  return op === 'header' ? 'read' : op
}

function buildContext(
  req: LogicalRequest,
  definition: { fields?: Record<string, unknown>; takesAnyField?: boolean },
  params: Record<string, string>,
  env: HandlerEnv,
  warnings: string[],
): InternalContext {
  const raw: Record<string, unknown> = { ...req.data, ...params }
  const sent = new Set(Object.keys(raw))
  const ctx: InternalContext = {
    ...env,
    req,
    data: {},
    raw,
    operation: req.operation,
    has: (name: string) => sent.has(name),
    warn: (message: string) => void warnings.push(message),
    ignored: [],
    sent,
  }
  return ctx
}

function parseFields(ctx: InternalContext, path: CompiledPath, takesAnyField: boolean): void {
  const data: Record<string, unknown> = {}
  for (const [name, spec] of path.fieldList) {
    data[name] = ctx.sent.has(name) ? coerceFieldOrThrow(name, spec, ctx.raw[name]) : zeroValue(spec)
  }
  if (!takesAnyField) {
    const fields = path.definition.fields ?? {}
    for (const name of ctx.sent) if (!(name in fields)) ctx.ignored.push(name)
  }
  ctx.data = data
}

function coerceFieldOrThrow(name: string, spec: FieldSpec, value: unknown): unknown {
  try {
    return coerceField(name, spec, value)
  } catch (err) {
    if (err instanceof FieldError) throw invalidRequest(err.message)
    throw err
  }
}

function mergeWarnings(response: LogicalResponse | undefined, warnings: string[]): LogicalResponse | undefined {
  if (warnings.length === 0) return response
  const base = response ?? {}
  return { ...base, warnings: [...(base.warnings ?? []), ...warnings] }
}

/**
 * Starts the agent: log in, write the sinks, render the templates, then keep
 * the token and every lease fresh on one loop that sleeps until the next
 * thing falls due (see index.ts for the timing rules).
 */
import { readFile, rm, writeFile } from 'node:fs/promises'
import type { AgentConfig, TemplateConfig } from './config-types.js'
import type { AgentEvent, RunningAgent, StartAgentOptions } from './agent-types.js'
import { AgentConfigError } from './config-error.js'
import { AutoAuth } from './auto-auth.js'
import type { AgentToken } from './auto-auth.js'
import { VaultHttp, VaultRequestError } from './vault-http.js'
import { detectTimeSource } from './time-source.js'
import type { TimeSource } from './time-source.js'
import { writeFileAtomic } from './write-file.js'
import { runShellCommand } from './run-command.js'
import { parseTemplate, secretCalls } from './template/parse-template.js'
import type { SecretCall, TemplateNode } from './template/parse-template.js'
import { renderTemplate } from './template/render-template.js'
import type { TemplateSecret } from './template/render-template.js'
import { describeEvent } from './event-log.js'

/** Renew (or refresh) at two thirds of a TTL, as Vault's lifetime watcher does. */
const RENEW_AT = 2 / 3
const MAX_BACKOFF_MS = 30_000
/** A rendered file's mode when the template sets no `perms` and no file is there yet (Consul Template's default). */
const DEFAULT_TEMPLATE_MODE = 0o644
const FAR_FUTURE = (now: number): number => now + 365 * 86_400_000

interface SecretState {
  call: SecretCall
  value?: TemplateSecret
  action: 'fetch' | 'renew'
  dueAt: number
  /** The TTL first granted: asked for again at each renewal. */
  increment: number
}

interface TemplateState {
  config: TemplateConfig
  /** The template file, or where inline `contents` sit in the config (for errors). */
  name: string
  nodes: TemplateNode[]
  keys: string[]
  dirty: boolean
}

function secretKey(call: SecretCall): string {
  return JSON.stringify([call.path, call.writeData ?? null])
}

function toTemplateSecret(json: Record<string, unknown>): TemplateSecret {
  const data = json['data']
  return {
    LeaseID: typeof json['lease_id'] === 'string' ? json['lease_id'] : '',
    LeaseDuration: Number(json['lease_duration'] ?? 0),
    Renewable: json['renewable'] === true,
    Data: data && typeof data === 'object' && !Array.isArray(data) ? (data as Record<string, unknown>) : {},
    Warnings: Array.isArray(json['warnings']) ? json['warnings'].map(String) : [],
  }
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message.replace(/^\[vault-emu\] /, '') : String(err)
}

async function loadTemplates(config: AgentConfig): Promise<TemplateState[]> {
  return Promise.all(
    config.templates.map(async (t, i) => {
      let text = t.contents
      let name = `${config.file} template[${i}].contents`
      if (t.source !== undefined) {
        name = t.source
        try {
          text = await readFile(t.source, 'utf8')
        } catch (err) {
          throw new AgentConfigError(`${config.file}: template[${i}]: cannot read the source ${t.source} (${(err as { code?: string }).code ?? String(err)}); check "source"`)
        }
      }
      const nodes = parseTemplate(text ?? '', name)
      return { config: t, name, nodes, keys: [...new Set(secretCalls(nodes).map(secretKey))], dirty: true }
    }),
  )
}

class Agent implements RunningAgent {
  readonly events: AgentEvent[] = []
  #listeners = new Set<() => void>()
  #abort = new AbortController()
  #loop: Promise<void> = Promise.resolve()
  #auth: AutoAuth
  #token: AgentToken | undefined
  #tokenAction: 'renew' | 'login' = 'login'
  #tokenDueAt = 0
  #secrets = new Map<string, SecretState>()
  #failures = 0
  #stopped = false

  constructor(
    readonly config: AgentConfig,
    readonly http: VaultHttp,
    readonly time: TimeSource,
    readonly templates: TemplateState[],
    readonly options: StartAgentOptions,
  ) {
    this.#auth = new AutoAuth(config.autoAuth.method, http)
    for (const t of templates) {
      for (const call of secretCalls(t.nodes)) {
        const key = secretKey(call)
        if (!this.#secrets.has(key)) this.#secrets.set(key, { call, action: 'fetch', dueAt: 0, increment: 0 })
      }
    }
  }

  get address(): string {
    return this.http.address
  }

  get virtualClock(): boolean {
    return this.time.virtual
  }

  start(): void {
    this.#loop = this.#run()
  }

  #emit(event: Omit<AgentEvent, 'at'>): void {
    const full: AgentEvent = { ...event, at: new Date(this.time.lastSeen()) }
    this.events.push(full)
    this.options.log?.(describeEvent(full))
    for (const listener of [...this.#listeners]) listener()
  }

  waitFor(predicate: (event: AgentEvent, index: number) => boolean, timeoutMs = 10_000): Promise<AgentEvent> {
    return new Promise((resolve, reject) => {
      let checked = 0
      const check = (): void => {
        for (; checked < this.events.length; checked++) {
          const event = this.events[checked]!
          if (predicate(event, checked)) return finish(() => resolve(event))
        }
      }
      const finish = (settle: () => void): void => {
        clearTimeout(timer)
        this.#listeners.delete(check)
        settle()
      }
      const timer = setTimeout(() => {
        const seen = this.events.slice(-8).map((e) => `${e.type}${e.detail ? ` (${e.detail})` : ''}`).join(', ')
        finish(() => reject(new Error(`[vault-emu] agent: no matching event within ${timeoutMs} ms; last events: ${seen || 'none'}`)))
      }, timeoutMs)
      this.#listeners.add(check)
      check()
    })
  }

  async stop(): Promise<void> {
    this.#stopped = true
    this.#abort.abort()
    await this.#loop
    if (this.config.pidFile) await rm(this.config.pidFile, { force: true })
  }

  get finished(): Promise<void> {
    return this.#loop
  }

  async #run(): Promise<void> {
    if (this.config.pidFile) await writeFile(this.config.pidFile, `${process.pid}`)
    while (!this.#stopped) {
      let complete = false
      try {
        complete = await this.#round()
        this.#failures = 0
      } catch (err) {
        this.#failures++
        this.#emit({ type: 'error', detail: messageOf(err) })
      }
      if (this.#stopped) break
      if (complete && this.config.exitAfterAuth) {
        this.#stopped = true
        break
      }
      // After a failure, what failed is still due: wait out the backoff in wall time.
      const backoff = this.#failures > 0 ? Math.min(1000 * 2 ** (this.#failures - 1), MAX_BACKOFF_MS) : Number.POSITIVE_INFINITY
      const next = this.#failures > 0 ? FAR_FUTURE(this.time.lastSeen()) : this.#nextDue()
      await this.time.sleep(next, backoff, this.#token?.id ?? '', this.#abort.signal)
    }
  }

  #nextDue(): number {
    let next = this.#token ? this.#tokenDueAt : 0
    for (const s of this.#secrets.values()) next = Math.min(next, s.dueAt)
    // Nothing will ever fall due (a token that never expires, no secrets): sleep in long stretches.
    return Number.isFinite(next) ? next : FAR_FUTURE(this.time.lastSeen())
  }

  /** One pass over everything due; true when every template has been rendered. */
  async #round(): Promise<boolean> {
    let now = await this.#now()
    if (!this.#token || this.#tokenDueAt <= now) {
      await this.#refreshToken(now)
      now = await this.#now()
    }
    const failures: string[] = []
    for (const secret of this.#secrets.values()) {
      if (secret.dueAt > now || this.#stopped) continue
      try {
        await this.#refreshSecret(secret, now)
      } catch (err) {
        if (err instanceof VaultRequestError && err.status === 403 && !(await this.#tokenWorks())) {
          this.#tokenAction = 'login'
          this.#tokenDueAt = now
        }
        failures.push(messageOf(err))
      }
    }
    let complete = true
    for (const t of this.templates) {
      if (this.#stopped) break
      if (t.dirty) await this.#render(t, failures)
      complete &&= !t.dirty
    }
    if (failures.length > 0) throw new Error(failures.join('; '))
    return complete
  }

  /** A 403 means "not allowed" or "no such token": only the latter calls for a new login. */
  async #tokenWorks(): Promise<boolean> {
    try {
      await this.http.request('GET', 'auth/token/lookup-self', { token: this.#token?.id ?? '' })
      return true
    } catch (err) {
      return !(err instanceof VaultRequestError && err.status === 403)
    }
  }

  /** The agent's time; a refused token (expired during a clock advance) means: log in again. */
  async #now(): Promise<number> {
    if (!this.#token) return this.time.lastSeen()
    try {
      return await this.time.now(this.#token.id)
    } catch (err) {
      if (!(err instanceof VaultRequestError && err.status === 403)) throw err
      this.#tokenAction = 'login'
      this.#tokenDueAt = this.time.lastSeen()
      return this.time.lastSeen()
    }
  }

  #scheduleToken(now: number, ttl: number, capped: boolean): void {
    const token = this.#token!
    if (ttl <= 0) {
      this.#tokenDueAt = Number.POSITIVE_INFINITY
      return
    }
    // A token that cannot be renewed (or reached its max TTL) is replaced by logging in again.
    this.#tokenAction = token.renewable && !capped ? 'renew' : 'login'
    this.#tokenDueAt = now + ttl * 1000 * RENEW_AT
  }

  async #refreshToken(now: number): Promise<void> {
    if (this.#token && this.#tokenAction === 'renew') {
      try {
        const reply = await this.http.request('POST', 'auth/token/renew-self', { token: this.#token.id, body: { increment: `${this.#token.ttl}s` } })
        const granted = Number((reply.json['auth'] as { lease_duration?: unknown } | undefined)?.lease_duration ?? 0)
        this.#emit({ type: 'renew', detail: `token, ttl ${granted}s` })
        this.#scheduleToken(now, granted, granted < this.#token.ttl)
        return
      } catch (err) {
        this.#emit({ type: 'renew-failed', detail: `token: ${messageOf(err)}` })
      }
    }
    this.#token = await this.#auth.login()
    const after = await this.#now()
    this.#emit({ type: 'auth', detail: this.config.autoAuth.method.type })
    for (const sink of this.config.autoAuth.sinks) {
      await writeFileAtomic(sink.path, this.#token.id, sink.mode)
      this.#emit({ type: 'sink', detail: sink.path })
    }
    this.#scheduleToken(after, this.#token.ttl, false)
    // A new token: every secret is fetched anew with it, as Vault Agent restarts its template runner.
    for (const secret of this.#secrets.values()) {
      secret.action = 'fetch'
      secret.dueAt = after
    }
  }

  async #refreshSecret(secret: SecretState, now: number): Promise<void> {
    const token = this.#token?.id ?? ''
    const path = secret.call.path
    if (secret.action === 'renew' && secret.value) {
      try {
        const reply = await this.http.request('PUT', 'sys/leases/renew', { token, body: { lease_id: secret.value.LeaseID, increment: secret.increment } })
        const granted = Number(reply.json['lease_duration'] ?? 0)
        this.#emit({ type: 'renew', detail: `${path}, ttl ${granted}s` })
        // Below what was asked: the lease reached its max TTL; fetch a new secret before it ends.
        if (granted < secret.increment) secret.action = 'fetch'
        secret.dueAt = now + granted * 1000 * RENEW_AT
        return
      } catch (err) {
        this.#emit({ type: 'renew-failed', detail: `${path}: ${messageOf(err)}` })
      }
    }
    const reply = secret.call.writeData
      ? await this.http.request('PUT', path, { token, body: secret.call.writeData })
      : await this.http.request('GET', path, { token })
    const value = toTemplateSecret(reply.json)
    secret.value = value
    this.#emit({ type: 'secret', detail: `${path}${value.LeaseDuration > 0 && value.LeaseID ? `, lease ${value.LeaseDuration}s` : ''}` })
    if (value.LeaseID && value.LeaseDuration > 0) {
      secret.action = value.Renewable ? 'renew' : 'fetch'
      secret.increment = value.LeaseDuration
      secret.dueAt = now + value.LeaseDuration * 1000 * RENEW_AT
    } else {
      secret.action = 'fetch'
      secret.dueAt = now + this.config.staticSecretRenderIntervalSeconds * 1000
    }
    const key = secretKey(secret.call)
    for (const t of this.templates) if (t.keys.includes(key)) t.dirty = true
  }

  /** Render when every secret is at hand; write and run the command only when the text changed. */
  async #render(t: TemplateState, failures: string[]): Promise<void> {
    const values = new Map<string, TemplateSecret>()
    for (const key of t.keys) {
      const value = this.#secrets.get(key)?.value
      if (!value) return
      values.set(key, value)
    }
    let text: string
    try {
      text = renderTemplate(t.nodes, (call) => values.get(secretKey(call))!, t.name)
    } catch (err) {
      failures.push(messageOf(err))
      return
    }
    t.dirty = false
    const destination = t.config.destination
    const current = await readFile(destination, 'utf8').catch(() => undefined)
    if (current === text) return
    await writeFileAtomic(destination, text, t.config.perms, { createDirs: t.config.createDestDirs, fallbackMode: DEFAULT_TEMPLATE_MODE })
    this.#emit({ type: 'render', template: destination })
    const command = t.config.command
    if (!command) return
    const run = this.options.runCommand ?? ((c: string, tc: TemplateConfig) => runShellCommand(c, tc.commandTimeoutSeconds))
    const code = await run(command, t.config)
    this.#emit({ type: 'command', template: destination, detail: `exit ${code}` })
  }
}

/**
 * Start an agent for `config`: it logs in, writes the sinks and renders the
 * templates in the background, retrying failures with backoff (each one an
 * `error` event). Rejects only for problems no retry can fix: no Vault
 * address, an unreadable or unsupported template.
 *
 * @example
 * const agent = await startAgent(config, { env: { VAULT_ADDR: vault.addr }, log: (l) => console.error(l) })
 * await agent.waitFor((e) => e.type === 'render' && e.template === config.templates[0].destination)
 * await agent.stop()
 */
export async function startAgent(config: AgentConfig, options: StartAgentOptions = {}): Promise<RunningAgent> {
  const address = config.vaultAddress ?? (options.env ?? process.env)['VAULT_ADDR']
  if (!address) throw new AgentConfigError(`${config.file}: no Vault address: add vault { address = "http://127.0.0.1:8200" } or set VAULT_ADDR`)
  const templates = await loadTemplates(config)
  const http = new VaultHttp(address)
  const agent = new Agent(config, http, await detectTimeSource(http), templates, options)
  agent.start()
  return agent
}

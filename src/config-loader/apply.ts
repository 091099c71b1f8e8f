/**
 * Applies a loaded config to a running core through the same request path as
 * the HTTP API (`callVault` with the root token), so every object is checked
 * and audited exactly as if a client had written it.
 */
import { mkdirSync } from 'node:fs'
import { dirname, isAbsolute, resolve } from 'node:path'
import type { Core } from '../emulator/core/core.js'
import { callVault } from '../emulator/transport/in-process.js'
import type { RunningPostgres } from '../fixtures/postgres/index.js'
import { ConfigError } from './config-error.js'
import type { Variables } from './interpolate.js'
import { planSteps } from './plan.js'
import type { ApiStep, Step } from './plan.js'
import type { LoadedConfig } from './read-config.js'

export interface ApplyContext {
  /** Values of the emulator's own variables (`VAULT_EMU_KUBERNETES_HOST`, ...). */
  vars: Variables
  /** The PostgreSQL the emulator started, for `provider:` connections and `setup_sql`. */
  postgres: RunningPostgres | undefined
}

export async function applyConfig(core: Core, loaded: LoadedConfig, context: ApplyContext): Promise<void> {
  await applySteps(core, loaded, planSteps(loaded), context)
}

/** Some of the steps of {@link planSteps} (live reload applies only what changed); the first failure throws. */
export async function applySteps(core: Core, loaded: LoadedConfig, steps: readonly Step[], context: ApplyContext): Promise<void> {
  const existing = await existingMounts(core)
  for (const step of steps) {
    if (step.kind === 'sql') await runSql(step, context.postgres)
    else await runApi(core, resolveStep(step, loaded, context), existing)
  }
}

async function runApi(core: Core, step: ApiStep, existing: Map<string, { type: string; version: string | undefined }>): Promise<void> {
  if (step.mount) {
    const key = `${step.mount.class}:${step.mount.path}`
    const found = existing.get(key)
    if (found && found.type === step.mount.type && (step.mount.version === undefined || found.version === step.mount.version)) return
    // A default mount of another kind (dev mode's secret/ is KV v2) gives way to the config's.
    if (found) await call(core, { ...step, method: 'POST', path: step.path, data: {} }, 'DELETE')
  }
  await call(core, step, step.method)
}

async function call(core: Core, step: ApiStep, method: string): Promise<void> {
  const data = method === 'DELETE' ? undefined : step.data
  const reply = await callVault(core, method, step.path, { token: core.rootTokenId, ...(data === undefined ? {} : { data }) })
  if (reply.status < 400) return
  const errors = (reply.json as { errors?: unknown[] } | undefined)?.errors?.map(String).join('; ') ?? `status ${reply.status}`
  throw new ConfigError(`${method === 'PUT' ? 'POST' : method} ${step.path} failed: ${errors}; correct this object (Vault rejected it)`, step.at)
}

function resolveStep(step: ApiStep, loaded: LoadedConfig, context: ApplyContext): ApiStep {
  const data = substitute(step.data, context.vars, step) as Record<string, unknown>
  if (step.path.startsWith('sys/audit/')) ensureAuditFolder(data, loaded.dir)
  if (step.provider) {
    const pg = context.postgres
    if (!pg) throw new ConfigError(`the connection asks for provider "${step.provider}" but no PostgreSQL was started; set server.postgres`, step.at)
    data['plugin_name'] ??= 'postgresql-database-plugin'
    data['connection_url'] ??= `postgresql://{{username}}:{{password}}@${pg.host}:${pg.port}/${pg.database}`
    if (data['username'] === undefined) {
      data['username'] = pg.user
      data['password'] = pg.password
    }
  }
  return { ...step, data }
}

/** A relative audit `file_path` is relative to the config; its folder is created. */
function ensureAuditFolder(data: Record<string, unknown>, dir: string): void {
  const options = data['options'] as Record<string, unknown> | undefined
  const path = options?.['file_path']
  if (!options || typeof path !== 'string' || path === 'stdout' || path === 'discard') return
  const full = isAbsolute(path) ? path : resolve(dir, path)
  mkdirSync(dirname(full), { recursive: true })
  options['file_path'] = full
}

function substitute(value: unknown, vars: Variables, step: Step): unknown {
  if (typeof value === 'string') {
    // Only the emulator's own variables are left after reading; other text (policies, SQL, secrets) stays as written.
    return value.replace(/\$\{(VAULT_EMU_[A-Z0-9_]+)\}/g, (match, name: string) => {
      const resolved = vars[name]
      if (resolved === undefined) throw new ConfigError(`${match} has no value here; set it in the environment`, step.at)
      return resolved
    })
  }
  if (Array.isArray(value)) return value.map((v) => substitute(v, vars, step))
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substitute(v, vars, step)]))
  }
  return value
}

async function runSql(step: Step & { kind: 'sql' }, postgres: RunningPostgres | undefined): Promise<void> {
  if (!postgres) throw new ConfigError('setup_sql needs a PostgreSQL; set provider: embedded on the connection or server.postgres', step.at)
  const client = await postgres.connect()
  try {
    for (const sql of step.statements) {
      try {
        await client.query(sql)
      } catch (err) {
        throw new ConfigError(`setup_sql failed: ${err instanceof Error ? err.message : String(err)} in ${JSON.stringify(sql)}; fix the statement`, step.at)
      }
    }
  } finally {
    await client.end()
  }
}

async function existingMounts(core: Core): Promise<Map<string, { type: string; version: string | undefined }>> {
  const found = new Map<string, { type: string; version: string | undefined }>()
  for (const [cls, path] of [['secret', 'sys/mounts'], ['auth', 'sys/auth']] as const) {
    const reply = await callVault(core, 'GET', path, { token: core.rootTokenId })
    const data = (reply.json as { data?: Record<string, { type?: string; options?: Record<string, string> | null }> } | undefined)?.data ?? {}
    for (const [mount, info] of Object.entries(data)) {
      found.set(`${cls}:${mount.replace(/\/$/, '')}`, { type: info.type ?? '', version: info.options?.['version'] })
    }
  }
  return found
}

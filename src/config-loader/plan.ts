/**
 * Turns a loaded config into the ordered list of Vault API calls that builds it:
 * audit devices, mounts, auth method config, policies, the objects inside
 * mounts, then roles. Each call remembers where in which file it was written.
 */
import type { SourcePosition } from './config-error.js'
import type { LoadedConfig } from './read-config.js'
import { rolePath, trimSlashes } from './role-kinds.js'
import type { ConnectionConfig, SecretMountConfig } from './types.js'

export interface ApiStep {
  kind: 'api'
  method: 'POST' | 'PUT'
  path: string
  data: Record<string, unknown>
  at: SourcePosition
  /** A mount: already mounted with the same type and options is fine. */
  mount?: { class: 'secret' | 'auth'; path: string; type: string; version: string | undefined }
  /** A database connection on the emulator's PostgreSQL. */
  provider?: ConnectionConfig['provider']
}

export interface SqlStep {
  kind: 'sql'
  statements: string[]
  at: SourcePosition
}

export type Step = ApiStep | SqlStep

export function planSteps(loaded: LoadedConfig): Step[] {
  const { config, source } = loaded
  const at = (path: (string | number)[]): SourcePosition => source?.positionOf(path) ?? { file: '(config object)', line: 1, col: 1 }
  const steps: Step[] = []
  const api = (path: string, data: Record<string, unknown>, where: SourcePosition, extra: Partial<ApiStep> = {}): void => {
    steps.push({ kind: 'api', method: 'POST', path, data, at: where, ...extra })
  }
  for (const [path, device] of Object.entries(config.audit ?? {})) {
    api(`sys/audit/${trimSlashes(path)}`, { ...device }, at(['audit', path]))
  }
  for (const [path, mount] of Object.entries(config.secrets ?? {})) {
    const { data: _data, connections: _connections, keys: _keys, ...body } = mount
    const kv = kvVersion(mount)
    api(`sys/mounts/${trimSlashes(path)}`, body, at(['secrets', path]), {
      mount: { class: 'secret', path: trimSlashes(path), type: kv === undefined ? mount.type : 'kv', version: kv },
    })
  }
  for (const [path, mount] of Object.entries(config.auth ?? {})) {
    const { method_config: _config, ...body } = mount
    api(`sys/auth/${trimSlashes(path)}`, body, at(['auth', path]), { mount: { class: 'auth', path: trimSlashes(path), type: mount.type, version: undefined } })
  }
  for (const [path, mount] of Object.entries(config.auth ?? {})) {
    if (mount.method_config) api(`auth/${trimSlashes(path)}/config`, { ...mount.method_config }, at(['auth', path, 'method_config']))
  }
  for (const policy of loaded.policies) {
    steps.push({ kind: 'api', method: 'PUT', path: `sys/policies/acl/${policy.name}`, data: { policy: policy.text }, at: { file: policy.file, line: 1, col: 1 } })
  }
  for (const [path, mount] of Object.entries(config.secrets ?? {})) {
    const base = trimSlashes(path)
    const version = kvVersion(mount)
    for (const [key, value] of Object.entries(mount.data ?? {})) {
      const where = at(['secrets', path, 'data', key])
      api(version === '2' ? `${base}/data/${trimSlashes(key)}` : `${base}/${trimSlashes(key)}`, version === '2' ? { data: value } : { ...value }, where)
    }
    for (const [name, connection] of Object.entries(mount.connections ?? {})) {
      const { provider, setup_sql: setupSql, ...body } = connection
      const where = at(['secrets', path, 'connections', name])
      if (setupSql && setupSql.length > 0) steps.push({ kind: 'sql', statements: setupSql, at: at(['secrets', path, 'connections', name, 'setup_sql']) })
      api(`${base}/config/${name}`, body, where, provider ? { provider } : {})
    }
    for (const [name, key] of Object.entries(mount.keys ?? {})) api(`${base}/keys/${name}`, { ...key }, at(['secrets', path, 'keys', name]))
  }
  for (const role of loaded.roles) {
    const { mount, kind, name, ...body } = role.entry
    const type = mountType(loaded, mount)
    const path = type === undefined ? undefined : rolePath(mount, type, kind, name)
    const where = role.source.positionOf([role.index])
    // Unknown mounts and kinds were reported by the reference checks; keep the call so Vault says why.
    api(path ?? `${trimSlashes(mount)}/${kind}/${name}`, body, where)
  }
  return steps
}

/** `'1'`/`'2'` for a KV mount, undefined for other engines. */
export function kvVersion(mount: SecretMountConfig): string | undefined {
  if (mount.type === 'kv-v2') return '2'
  if (mount.type === 'kv-v1') return '1'
  if (mount.type !== 'kv') return undefined
  return String(mount.options?.['version'] ?? '1')
}

/** The type of the mount a role names (`database`, `auth/approle`, `auth/token`). */
export function mountType(loaded: LoadedConfig, mount: string): string | undefined {
  const path = trimSlashes(mount)
  if (path === 'auth/token') return 'token'
  if (path.startsWith('auth/')) return loaded.config.auth?.[path.slice(5)]?.type ?? loaded.config.auth?.[`${path.slice(5)}/`]?.type
  const secret = loaded.config.secrets?.[path] ?? loaded.config.secrets?.[`${path}/`]
  return secret ? (kvVersion(secret) === undefined ? secret.type : 'kv') : undefined
}

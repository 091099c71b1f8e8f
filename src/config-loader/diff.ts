/**
 * What live reload must do to bring a running emulator from the config it last
 * applied to a new one: the steps of {@link planSteps} that are new or changed,
 * tunes for mounts whose options changed, and deletions of the policies, roles
 * and audit devices that left the files. Objects are compared by their API call
 * (path and body), never by where they are written, so moving a block does nothing.
 *
 * @example
 * let applied = appliedState(loadConfig('.'))
 * const { changes, state } = diffConfig(applied, readConfig('.'))
 */
import type { SourcePosition } from './config-error.js'
import { mountType, planSteps } from './plan.js'
import type { ApiStep, Step } from './plan.js'
import type { LoadedConfig } from './read-config.js'
import { rolePath, trimSlashes } from './role-kinds.js'

/** One object of a config: the calls that write it and a fingerprint of what they write. */
export interface AppliedObject {
  /** `policy:reader`, `secret:database`, `api:auth/approle/role/ci`, ... */
  key: string
  /** Short description for log lines: `policy reader`, `role auth/approle/role/ci`. */
  label: string
  kind: 'audit' | 'mount' | 'policy' | 'role' | 'object' | 'sql'
  steps: Step[]
  fingerprint: string
  at: SourcePosition
}

/** What the emulator holds from the config, object by object (key -> object). */
export type AppliedState = ReadonlyMap<string, AppliedObject>

export type Change =
  /** Write the object (created, or changed and its calls are idempotent). */
  | { action: 'write'; object: AppliedObject; created: boolean }
  /** Same mount type, other options: `sys/mounts/<path>/tune` (or `sys/auth/...`). */
  | { action: 'tune'; object: AppliedObject; step: ApiStep }
  /** Remove the object: `DELETE path`. */
  | { action: 'delete'; object: AppliedObject; path: string }
  /** A change that live reload does not apply (server options, a removed mount). */
  | { action: 'skip'; object: AppliedObject | undefined; reason: string }

export interface ConfigDiff {
  /** Writes and tunes in plan order, then deletions. */
  changes: Change[]
}

/** The objects of a config as {@link planSteps} writes them. */
export function appliedState(loaded: LoadedConfig): Map<string, AppliedObject> {
  const roles = new Set(loaded.roles.map((role) => {
    const { mount, kind, name } = role.entry
    const type = mountType(loaded, mount)
    return (type === undefined ? undefined : rolePath(mount, type, kind, name)) ?? `${trimSlashes(mount)}/${kind}/${name}`
  }))
  const state = new Map<string, AppliedObject>()
  const steps = planSteps(loaded)
  steps.forEach((step, i) => {
    let object: AppliedObject
    if (step.kind === 'sql') {
      // setup_sql belongs to the connection written right after it; it runs again only when its statements change.
      const next = steps[i + 1]
      const target = next?.kind === 'api' ? next.path : `#${i}`
      object = { key: `sql:${target}`, label: `setup_sql of ${target}`, kind: 'sql', steps: [step], fingerprint: stableJson(step.statements), at: step.at }
    } else if (step.mount) {
      const key = `${step.mount.class}:${step.mount.path}`
      object = { key, label: `${step.mount.class === 'auth' ? 'auth method' : 'mount'} ${step.mount.path}`, kind: 'mount', steps: [step], fingerprint: fingerprint(step), at: step.at }
    } else if (step.path.startsWith('sys/audit/')) {
      object = { key: `audit:${step.path.slice('sys/audit/'.length)}`, label: `audit device ${step.path.slice('sys/audit/'.length)}`, kind: 'audit', steps: [step], fingerprint: fingerprint(step), at: step.at }
    } else if (step.path.startsWith('sys/policies/acl/')) {
      const name = step.path.slice('sys/policies/acl/'.length)
      object = { key: `policy:${name}`, label: `policy ${name}`, kind: 'policy', steps: [step], fingerprint: fingerprint(step), at: step.at }
    } else {
      const role = roles.has(step.path)
      object = { key: `api:${step.path}`, label: `${role ? 'role' : 'object'} ${step.path}`, kind: role ? 'role' : 'object', steps: [step], fingerprint: fingerprint(step), at: step.at }
    }
    state.set(object.key, object)
  })
  // Server options are read once, at start-up; a change is reported, not applied.
  const server = loaded.config.server
  if (server !== undefined) {
    state.set('server', { key: 'server', label: 'server options', kind: 'object', steps: [], fingerprint: stableJson(server), at: loaded.source?.positionOf(['server']) ?? { file: '(config object)', line: 1, col: 1 } })
  }
  return state
}

/** The changes from `applied` to `next`, in the order to make them. */
export function diffConfig(applied: AppliedState, next: ReadonlyMap<string, AppliedObject>): ConfigDiff {
  // A mount whose type changed is replaced, and what lived in it must be written again.
  const replaced: string[] = []
  for (const object of next.values()) {
    const step = object.steps[0]
    const old = applied.get(object.key)?.steps[0]
    if (object.kind === 'mount' && step?.kind === 'api' && old?.kind === 'api' && step.mount && !sameMountType(step, old)) {
      replaced.push(step.mount.class === 'auth' ? `auth/${step.mount.path}/` : `${step.mount.path}/`)
    }
  }
  const inReplaced = (object: AppliedObject): boolean =>
    (object.key.startsWith('api:') || object.key.startsWith('sql:')) && replaced.some((prefix) => object.key.slice(4).startsWith(prefix))
  const writes: Change[] = []
  for (const object of next.values()) {
    const before = applied.get(object.key)
    if (before && before.fingerprint === object.fingerprint && !inReplaced(object)) continue
    if (object.key === 'server') {
      writes.push({ action: 'skip', object, reason: 'server options changed; they take effect on restart' })
      continue
    }
    if (before && object.kind === 'mount') {
      const step = object.steps[0]
      const old = before.steps[0]
      if (step?.kind === 'api' && old?.kind === 'api' && sameMountType(step, old)) {
        writes.push({ action: 'tune', object, step: tuneStep(step) })
        continue
      }
      // Another type: applying replaces the mount (its data goes with it), as at start-up.
    }
    if (before && object.kind === 'audit') {
      // An audit device cannot be changed in place: disable, then enable again.
      writes.push({ action: 'delete', object: before, path: `sys/audit/${object.key.slice('audit:'.length)}` })
    }
    writes.push({ action: 'write', object, created: before === undefined })
  }
  const deletes: Change[] = []
  for (const object of applied.values()) {
    if (next.has(object.key)) continue
    const step = object.steps[0]
    if (object.key === 'policy:default') {
      deletes.push({ action: 'skip', object, reason: 'policies/default.hcl left the config, but Vault cannot delete the default policy; it keeps the last version' })
    } else if (object.kind === 'role' || object.kind === 'policy' || object.kind === 'audit') {
      if (step?.kind === 'api') deletes.push({ action: 'delete', object, path: step.path })
    } else if (object.kind === 'mount') {
      deletes.push({ action: 'skip', object, reason: `${object.label} left the config but stays mounted (its data is kept); disable it with "vault ${object.key.startsWith('auth:') ? 'auth' : 'secrets'} disable ${object.key.slice(object.key.indexOf(':') + 1)}" or restart` })
    } else if (object.kind === 'object' && object.key !== 'server') {
      deletes.push({ action: 'skip', object, reason: `${object.label} left the config; it is left in place` })
    }
  }
  // Roles go before the policies they may name.
  deletes.sort((a, b) => deleteRank(a) - deleteRank(b))
  return { changes: [...writes, ...deletes] }
}

function deleteRank(change: Change): number {
  const kind = change.object?.kind
  return kind === 'role' ? 0 : kind === 'policy' ? 1 : kind === 'audit' ? 2 : 3
}

function sameMountType(a: ApiStep, b: ApiStep): boolean {
  return a.mount?.class === b.mount?.class && a.mount?.type === b.mount?.type && a.mount?.version === b.mount?.version
}

/** `POST sys/mounts/x { type, description, config, options }` -> `POST sys/mounts/x/tune { description, ...config, options }`. */
function tuneStep(step: ApiStep): ApiStep {
  const data: Record<string, unknown> = {}
  const body = step.data
  if (body['description'] !== undefined) data['description'] = body['description']
  const config = body['config']
  if (typeof config === 'object' && config !== null) Object.assign(data, config)
  const options = body['options']
  if (typeof options === 'object' && options !== null) {
    // The KV version is part of the mount's type; tune only the other options.
    const { version: _version, ...rest } = options as Record<string, unknown>
    if (Object.keys(rest).length > 0) data['options'] = rest
  }
  const { mount: _mount, ...rest } = step
  return { ...rest, method: 'POST', path: `${step.path}/tune`, data }
}

function fingerprint(step: ApiStep): string {
  return stableJson({ method: step.method, path: step.path, data: step.data, provider: step.provider ?? null, mount: step.mount ?? null })
}

/** JSON with object keys sorted, so key order in a file does not count as a change. */
export function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return v
    return Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
  })
}

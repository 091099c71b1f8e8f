/**
 * Checks that are facts rather than advice: policies parse, roles point at
 * mounts, kinds and connections that exist, TTLs parse and are ordered, no
 * object is defined twice. Each finding is an error.
 */
import { parsePolicy } from '../emulator/core/policy/index.js'
import { parseDurationSeconds } from '../emulator/core/duration.js'
import type { Diagnostic } from './diagnostic.js'
import type { LintContext } from './lint/types.js'
import { ROLE_KINDS, trimSlashes } from './role-kinds.js'
import { isAllowedRole } from '../emulator/builtin/secrets/database/allowed-roles.js'
import { listField } from './lint/types.js'

const TTL_PAIRS: readonly (readonly [string, string])[] = [
  ['default_ttl', 'max_ttl'],
  ['token_ttl', 'token_max_ttl'],
  ['ttl', 'max_ttl'],
]

export async function policySyntax(context: LintContext): Promise<Diagnostic[]> {
  const found: Diagnostic[] = []
  for (const policy of context.policies) {
    try {
      await parsePolicy(policy.name, policy.text)
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err)
      if (/invalid capability/.test(message)) continue // unknown-capability says it, at the word
      const line = Number(/on line (\d+)|At (\d+):/.exec(message)?.slice(1).find((x) => x !== undefined) ?? 1)
      const col = Number(/At \d+:(\d+)/.exec(message)?.[1] ?? 1)
      found.push({ file: policy.file, line, col, rule: 'hcl-syntax', severity: 'error', message: message.replace(/\s+/g, ' ').trim(), fix: 'fix the HCL of this policy (vault policy fmt shows the expected form)' })
    }
  }
  return found
}

export function references(context: LintContext): Diagnostic[] {
  const { loaded, mountTypeOf, atRole } = context
  const found: Diagnostic[] = []
  const seen = new Map<string, string>()
  for (const role of loaded.roles) {
    const { mount, kind, name } = role.entry
    const type = mountTypeOf(mount)
    const mounts = [...Object.keys(loaded.config.secrets ?? {}), ...Object.keys(loaded.config.auth ?? {}).map((m) => `auth/${m}`)].map(trimSlashes)
    if (type === undefined) {
      found.push({ ...atRole(role, ['mount'], { message: `mount "${mount}" is not defined in vault.config.yaml`, fix: `use one of: ${[...mounts, 'auth/token'].join(', ')}, or add the mount (auth mounts are written auth/<path>)` }), rule: 'unknown-mount', severity: 'error' })
      continue
    }
    const kinds = ROLE_KINDS[type]
    if (!kinds?.[kind]) {
      const allowed = Object.keys(kinds ?? {})
      found.push({ ...atRole(role, ['kind'], { message: `a mount of type ${type} has no "${kind}" objects`, fix: allowed.length ? `use kind: ${allowed.join(' or ')}` : `a ${type} mount takes no roles; point mount at another mount` }), rule: 'mount-type', severity: 'error' })
    }
    const key = `${trimSlashes(mount)} ${kind} ${name}`
    const where = `${role.source.file}:${role.source.positionOf([role.index]).line}`
    const first = seen.get(key)
    if (first) found.push({ ...atRole(role, ['name'], { message: `${kind} "${name}" on ${mount} is defined twice (first at ${first})`, fix: 'remove or rename one of them' }), rule: 'duplicate', severity: 'error' })
    else seen.set(key, where)
    if (type === 'database') {
      const connections = loaded.config.secrets?.[trimSlashes(mount)]?.connections ?? {}
      const dbName = role.entry['db_name']
      const connection = typeof dbName === 'string' ? connections[dbName] : undefined
      const allowed = listField(connection?.['allowed_roles'])
      if (connection && kind === 'role' && !isAllowedRole(allowed, name)) {
        found.push({ ...atRole(role, ['db_name'], { message: `connection "${String(dbName)}" does not list "${name}" in allowed_roles, so database/creds/${name} would fail`, fix: `add ${name} to secrets.${trimSlashes(mount)}.connections.${String(dbName)}.allowed_roles` }), rule: 'role-not-allowed', severity: 'error' })
      }
      if (typeof dbName === 'string' && !(dbName in connections)) {
        found.push({ ...atRole(role, ['db_name'], { message: `db_name "${dbName}" names no connection of ${mount}`, fix: `use one of: ${Object.keys(connections).join(', ') || '(none: add secrets.' + mount + '.connections)'}` }), rule: 'unknown-connection', severity: 'error' })
      } else if (dbName === undefined) {
        found.push({ ...atRole(role, [], { message: `database ${kind} "${name}" has no db_name`, fix: 'add db_name: <connection name>' }), rule: 'unknown-connection', severity: 'error' })
      }
    }
  }
  return found
}

export function ttls(context: LintContext): Diagnostic[] {
  const found: Diagnostic[] = [...mountTtls(context)]
  for (const role of context.loaded.roles) {
    const seconds = new Map<string, number>()
    for (const [field, value] of Object.entries(role.entry)) {
      if (!/(^|_)(ttl|period)$/.test(field) || value === undefined) continue
      try {
        seconds.set(field, parseDurationSeconds(value))
      } catch (err) {
        found.push({ ...context.atRole(role, [field], { message: `${field}: ${err instanceof Error ? err.message : String(err)}`, fix: 'write seconds or a duration such as 30m, 1h, 7d' }), rule: 'ttl-parse', severity: 'error' })
      }
    }
    for (const [low, high] of TTL_PAIRS) {
      const a = seconds.get(low)
      const b = seconds.get(high)
      if (a !== undefined && b !== undefined && b > 0 && a > b) {
        found.push({ ...context.atRole(role, [low], { message: `${low} (${String(role.entry[low])}) is above ${high} (${String(role.entry[high])}); Vault caps it`, fix: `lower ${low} or raise ${high}` }), rule: 'ttl-order', severity: 'error' })
      }
    }
  }
  return found
}


/** `config.default_lease_ttl` / `max_lease_ttl` of each mount in vault.config.yaml. */
function mountTtls({ loaded }: LintContext): Diagnostic[] {
  const source = loaded.source
  if (!source) return []
  const found: Diagnostic[] = []
  for (const table of ['secrets', 'auth'] as const) {
    for (const [path, mount] of Object.entries(loaded.config[table] ?? {})) {
      const seconds: Record<string, number> = {}
      for (const field of ['default_lease_ttl', 'max_lease_ttl']) {
        const value = mount.config?.[field]
        if (value === undefined) continue
        try {
          seconds[field] = parseDurationSeconds(value)
        } catch (err) {
          found.push({ ...source.positionOf([table, path, 'config', field]), rule: 'ttl-parse', severity: 'error', message: `${table}.${path}.config.${field}: ${err instanceof Error ? err.message : String(err)}`, fix: 'write seconds or a duration such as 30m, 1h, 7d' })
        }
      }
      const low = seconds['default_lease_ttl']
      const high = seconds['max_lease_ttl']
      if (low !== undefined && high !== undefined && high > 0 && low > high) {
        found.push({ ...source.positionOf([table, path, 'config', 'default_lease_ttl']), rule: 'ttl-order', severity: 'error', message: `${table}.${path}: default_lease_ttl is above max_lease_ttl`, fix: 'lower default_lease_ttl or raise max_lease_ttl' })
      }
    }
  }
  return found
}

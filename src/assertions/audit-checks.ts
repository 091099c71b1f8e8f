/**
 * Checks of the audit trail kept by `memory` audit devices
 * (`PUT sys/audit/memory` with `{ type: 'memory' }`): was a request recorded,
 * does any entry hold a secret in clear.
 *
 * @example
 * checkAuditRecorded(vault.audit, { path: 'secret/data/app', operation: 'read' }).pass // true
 * checkAuditContains(vault.audit, 's3cr3t').pass // false: values are HMAC'd
 */
import type { AuditAccess } from '../emulator/core/audit/audit-access.js'
import type { AuditLogEntry } from '../emulator/core/audit/entry-types.js'
import { VaultAssertionError } from './verdict.js'
import type { Verdict } from './verdict.js'

/**
 * Which request {@link checkAuditRecorded} looks for; omitted fields match anything.
 *
 * @example
 * const query: AuditQuery = { path: 'secret/data/app', operation: 'read', type: 'response' }
 */
export interface AuditQuery {
  path: string
  /** `read`, `update`, `list`, `delete`, `create`, `patch`. */
  operation?: string
  /** `request` or `response` entry; default either. */
  type?: 'request' | 'response'
}

const EMPTY = "the audit log is empty: is a memory audit device enabled? (PUT sys/audit/memory with { type: 'memory' })"
const SHOWN = 5

function describe(entry: AuditLogEntry): string {
  return `${entry.request?.operation ?? '?'} ${entry.request?.path ?? '?'}`
}

/**
 * Whether some entry records `query`.
 *
 * @example
 * checkAuditRecorded(vault.audit, { path: 'secret/data/app', operation: 'read' }).pass
 */
export function checkAuditRecorded(audit: AuditAccess, query: AuditQuery): Verdict {
  const what = `${query.operation ?? 'any operation'} ${query.path}`
  const expected = `the audit log to record ${what}`
  const expectedNot = `the audit log not to record ${what}`
  const entries = audit.entries()
  if (entries.length === 0) return { pass: false, expected, expectedNot, actual: EMPTY }
  const bare = (p: string | undefined): string => (p ?? '').replace(/^\/+|\/+$/g, '')
  const hits = entries.filter(
    (e) => bare(e.request?.path) === bare(query.path) && (query.operation === undefined || e.request?.operation === query.operation) && (query.type === undefined || e.type === query.type),
  )
  if (hits.length > 0) return { pass: true, expected, expectedNot, actual: `it holds ${hits.length} such ${hits.length === 1 ? 'entry' : 'entries'}, the first at ${hits[0]?.time ?? '?'}` }
  const seen = [...new Set(entries.map(describe))]
  const recent = seen.slice(-SHOWN).join(', ')
  const more = seen.length > SHOWN ? ` (and ${seen.length - SHOWN} earlier)` : ''
  return { pass: false, expected, expectedNot, actual: `it records only: ${recent}${more}` }
}

/**
 * Whether `value` appears in clear anywhere in the audit trail. Throws when the
 * trail is empty, so that "holds no secret" cannot pass for want of entries.
 *
 * @example
 * checkAuditContains(vault.audit, 's3cr3t').pass // false when every value is HMAC'd
 */
export function checkAuditContains(audit: AuditAccess, value: string): Verdict {
  const expected = 'the audit log to contain the secret in clear'
  const expectedNot = 'the audit log not to contain the secret in clear'
  if (value === '') throw new VaultAssertionError('checking the audit log for an empty secret means nothing')
  const entries = audit.entries()
  if (entries.length === 0) throw new VaultAssertionError(EMPTY)
  for (const [i, entry] of entries.entries()) {
    const where = findValue(entry, value, '')
    if (where !== undefined) return { pass: true, expected, expectedNot, actual: `entry ${i + 1} of ${entries.length} (${entry.type} ${describe(entry)}) holds it at ${where}` }
  }
  return { pass: false, expected, expectedNot, actual: `none of its ${entries.length} entries holds it (values are HMAC'd)` }
}

/** The dotted path of the first string containing `value`, if any. */
function findValue(node: unknown, value: string, at: string): string | undefined {
  if (typeof node === 'string') return node.includes(value) ? at || '(root)' : undefined
  if (Array.isArray(node)) {
    for (const [i, item] of node.entries()) {
      const hit = findValue(item, value, `${at}[${i}]`)
      if (hit !== undefined) return hit
    }
    return undefined
  }
  if (node && typeof node === 'object') {
    for (const [key, item] of Object.entries(node)) {
      if (key.includes(value)) return at ? `${at}.${key} (as a key)` : `${key} (as a key)`
      const hit = findValue(item, value, at ? `${at}.${key}` : key)
      if (hit !== undefined) return hit
    }
  }
  return undefined
}

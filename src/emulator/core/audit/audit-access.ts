/**
 * `vault.audit`: what tests read from the audit devices without going through
 * a file. Enable a `memory` device first (it is the emulator's own type and
 * takes the same options as `file`):
 *
 * @example
 * await vault.request('PUT', 'sys/audit/memory', { data: { type: 'memory' } })
 * await vault.request('GET', 'secret/data/app')
 * const reads = vault.audit.entries().filter((e) => e.type === 'response' && e.request?.path === 'secret/data/app')
 * reads[0]?.response?.data // { data: { password: 'hmac-sha256:…' }, metadata: {…} }
 * vault.audit.hash('memory', 's3cr3t') // the same 'hmac-sha256:…', as sys/audit-hash/memory answers
 */
import type { AuditBroker } from './broker.js'
import type { AuditLogEntry } from './entry-types.js'

export interface AuditAccess {
  /**
   * Parsed entries of the `memory` devices, oldest first: of the device at
   * `path` (`memory` or `memory/`), or of every memory device in turn.
   */
  entries(path?: string): AuditLogEntry[]
  /** Forget the entries kept so far (of one memory device, or all). */
  clear(path?: string): void
  /** The HMAC the device at `path` writes for `input` (what `sys/audit-hash/<path>` answers). */
  hash(path: string, input: string): string
}

export function auditAccess(broker: AuditBroker): AuditAccess {
  return {
    entries: (path) => broker.memory(path).flatMap((sink) => sink.entries()),
    clear: (path) => {
      for (const sink of broker.memory(path)) sink.clear()
    },
    hash: (path, input) => broker.hash(path, input),
  }
}

/**
 * The `memory` device's sink: keeps the lines in the core so tests can assert
 * on them (`vault.audit.entries()`). Lines are parsed only when read, so the
 * entries are exactly what a file device with the same options would hold.
 */
import type { AuditLogEntry } from './entry-types.js'
import type { AuditSink } from './sink.js'

export class MemorySink implements AuditSink {
  #lines: string[] = []

  write(json: string): undefined {
    this.#lines.push(json)
    return undefined
  }

  close(): void {}

  entries(): AuditLogEntry[] {
    return this.#lines.map((line) => JSON.parse(line) as AuditLogEntry)
  }

  clear(): void {
    this.#lines = []
  }
}

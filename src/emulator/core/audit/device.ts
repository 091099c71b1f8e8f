/**
 * One enabled audit device: its table entry (what `sys/audit` lists and
 * storage keeps), its salt, its formatting options and its sink.
 */
import { AuditSalt } from './salt.js'
import { parseDeviceOptions } from './device-options.js'
import type { DeviceSettings } from './device-options.js'
import type { FormatOptions } from './format-entry.js'
import type { AuditSink } from './sink.js'
import { DiscardSink, StdoutSink } from './sink.js'
import { FileSink } from './file-sink.js'
import { SyslogSink } from './syslog-sink.js'
import { MemorySink } from './memory-sink.js'
import { FormatCache } from './format-cache.js'

/** A row of the audit table, stored under `core/audit` (Vault's mount entry for audit devices). */
export interface AuditTableEntry {
  /** `file/`: always with a trailing slash. */
  path: string
  type: string
  description: string
  options: Record<string, string>
  local: boolean
  uuid: string
  accessor: string
}

function createSink(settings: DeviceSettings, now: () => number): AuditSink {
  if (settings.type === 'memory') return new MemorySink()
  if (settings.syslog) return new SyslogSink(settings.syslog, settings.prefix, now)
  if (settings.filePath === 'stdout') return new StdoutSink(settings.prefix)
  if (settings.filePath === 'discard') return new DiscardSink()
  return new FileSink(settings.filePath, settings.mode, settings.prefix)
}

export class AuditDevice {
  readonly settings: DeviceSettings
  readonly format: FormatOptions
  readonly sink: AuditSink
  readonly #salt: AuditSalt
  /** The device's HMAC, bound: handed to the formatter for every string it hashes. */
  readonly hmac: (value: string) => string
  /** JSON this device's entries repeat (callers, mounts, stored secrets), formatted once. */
  readonly formatCache = new FormatCache()

  /**
   * Throws (a 400 VaultError) when the options are invalid. `now` is the
   * emulator's clock (syslog message times).
   */
  constructor(
    readonly entry: AuditTableEntry,
    saltKey: string,
    now: () => number,
    reuse?: AuditSink,
  ) {
    this.settings = parseDeviceOptions(entry.type, entry.options)
    this.format = { raw: this.settings.raw, hmacAccessor: this.settings.hmacAccessor, elideListResponses: this.settings.elideListResponses }
    this.sink = reuse ?? createSink(this.settings, now)
    this.#salt = new AuditSalt(saltKey)
    this.hmac = (value) => this.#salt.hmac(value)
  }

  get path(): string {
    return this.entry.path
  }

  /** The kept entries of a `memory` device. */
  get memory(): MemorySink | undefined {
    return this.sink instanceof MemorySink ? this.sink : undefined
  }

  /** Store one JSON line (see {@link AuditSink.write}). */
  write(line: string): Promise<void> | undefined {
    return this.sink.write(line)
  }
}

/**
 * The audit broker (Vault's `AuditBroker` and audit table): the enabled
 * devices, kept in core storage so snapshots carry them, and the fan-out of
 * each entry to every device. A request is served only if at least one
 * device stored its entries; one failing device among several is logged to
 * the operator and otherwise ignored.
 */
import type { Core, HandledRequest } from '../core.js'
import type { LogicalRequest } from '../request.js'
import type { MountEntry } from '../mounts.js'
import type { TokenEntry } from '../token-store.js'
import { invalidRequest } from '../errors.js'
import { randomHex, uuid } from '../ids.js'
import { AuditDevice } from './device.js'
import type { AuditTableEntry } from './device.js'
import { AuditStrings } from './audit-strings.js'
import type { MemorySink } from './memory-sink.js'
import { AuditTrail } from './trail.js'

const TABLE_KEY = 'core/audit'
const saltKey = (deviceUuid: string): string => `audit/${deviceUuid}/salt`

/** Endpoints Vault serves in its HTTP layer, outside request handling: they never reach the audit log. */
const UNAUDITED = new Set(['sys/health', 'sys/seal-status', 'sys/seal-backend-status', 'sys/init', 'sys/unseal', 'sys/leader'])
const UNAUDITED_PREFIXES = ['sys/rekey/', 'sys/rekey-recovery-key/']

function isUnaudited(path: string): boolean {
  // All of them are under sys/: anything else is decided without hashing the path.
  if (!path.startsWith('sys/')) return false
  if (UNAUDITED.has(path)) return true
  for (const prefix of UNAUDITED_PREFIXES) if (path.startsWith(prefix)) return true
  return false
}

export interface EnableAuditInput {
  path: string
  type: string
  description?: string
  options?: Record<string, string>
  local?: boolean
}

/** `file` → `file/`, leading slashes dropped (Vault's sanitizePath). */
export function normaliseDevicePath(path: string): string {
  const trimmed = path.replace(/^\/+/, '')
  return trimmed.endsWith('/') ? trimmed : `${trimmed}/`
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err)
}

export class AuditBroker {
  readonly #core: Core
  /** By path, in the order they were enabled. */
  #devices = new Map<string, AuditDevice>()
  /** Strings every entry repeats, formatted once. */
  readonly strings = new AuditStrings()
  /** The core's clock, for devices that stamp their own messages (syslog). */
  readonly #now = (): number => this.#core.clock.now()

  constructor(core: Core) {
    this.#core = core
  }

  /** Whether any device is enabled (and so requests must be logged to be served). */
  get active(): boolean {
    return this.#devices.size > 0
  }

  // ---- the table (sys/audit) ---------------------------------------------------

  /** `sys/audit`: each device by path. */
  list(): Record<string, Record<string, unknown>> {
    const out: Record<string, Record<string, unknown>> = {}
    for (const { entry } of this.#devices.values()) {
      out[entry.path] = { description: entry.description, local: entry.local, options: entry.options, path: entry.path, type: entry.type }
    }
    return out
  }

  /** Enable a device; rejects with a 400 VaultError as Vault words it. */
  async enable(input: EnableAuditInput): Promise<void> {
    const path = normaliseDevicePath(input.path)
    if (path === '/') throw invalidRequest('backend path must be specified')
    this.#checkFree(path)
    const entry: AuditTableEntry = {
      path,
      type: input.type,
      description: input.description ?? '',
      options: input.options ?? {},
      local: input.local ?? false,
      uuid: uuid(),
      accessor: `audit_${input.type}_${randomHex(8)}`,
    }
    const salt = uuid()
    const device = new AuditDevice(entry, salt, this.#now)
    if (!device.settings.skipTest && device.settings.type !== 'memory') await this.#probe(device)
    this.#checkFree(path) // again: another enable may have taken the path while the test entry was written
    this.#devices.set(path, device)
    this.#core.storage.put(saltKey(entry.uuid), salt)
    this.#save()
  }

  /** A device at `path`, or one nested in it or around it, is Vault's "path already in use". */
  #checkFree(path: string): void {
    for (const existing of this.#devices.keys()) {
      if (existing.startsWith(path) || path.startsWith(existing)) throw invalidRequest('path already in use')
    }
  }

  /** Disable a device (absent: nothing to do). Its salt goes with it: old hashes cannot be reproduced. */
  disable(path: string): void {
    const device = this.#devices.get(normaliseDevicePath(path))
    if (!device) return
    this.#devices.delete(device.path)
    device.sink.close()
    this.#core.storage.delete(saltKey(device.entry.uuid))
    this.#save()
  }

  /** `sys/audit-hash/<path>`: the HMAC the device writes for `input`. */
  hash(path: string, input: string): string {
    const name = normaliseDevicePath(path)
    const device = this.#devices.get(name)
    if (!device) throw invalidRequest(`unknown audit backend ${JSON.stringify(name)}`)
    return device.hmac(input)
  }

  /** Rebuild the devices from storage (after a restore); a device that is still there keeps its sink. */
  reload(): void {
    const previous = this.#devices
    this.#devices = new Map()
    for (const entry of this.#core.storage.get<AuditTableEntry[]>(TABLE_KEY) ?? []) {
      let salt = this.#core.storage.get<string>(saltKey(entry.uuid))
      if (salt === undefined) {
        salt = uuid()
        this.#core.storage.put(saltKey(entry.uuid), salt)
      }
      const old = previous.get(entry.path)
      const reuse = old?.entry.uuid === entry.uuid ? old.sink : undefined
      try {
        this.#devices.set(entry.path, new AuditDevice(entry, salt, this.#now, reuse))
      } catch (err) {
        this.#core.log(`[vault-emu] audit device ${JSON.stringify(entry.path)} could not be restored: ${messageOf(err)}`)
      }
    }
    for (const old of previous.values()) {
      if (this.#devices.get(old.path)?.sink !== old.sink) old.sink.close()
    }
  }

  /** Close every device's file. */
  close(): void {
    for (const device of this.#devices.values()) device.sink.close()
  }

  /** The sinks of `memory` devices (one device: `path`). */
  memory(path?: string): MemorySink[] {
    const wanted = path === undefined ? undefined : normaliseDevicePath(path)
    const out: MemorySink[] = []
    for (const device of this.#devices.values()) {
      if (wanted !== undefined && device.path !== wanted) continue
      if (device.memory) out.push(device.memory)
    }
    return out
  }

  // ---- requests ----------------------------------------------------------------

  /**
   * Run one request under audit: `run` is the core's request handling, which
   * calls the trail's `resolve()` and `admit()` before any handler runs.
   */
  record(req: LogicalRequest, run: (trail: AuditTrail | undefined) => Promise<HandledRequest>): Promise<HandledRequest> {
    // No device, and the request cannot enable one (only `sys/` can): nothing to log, no trail to keep.
    if (this.#devices.size === 0 && !req.path.startsWith('sys/')) return run(undefined)
    // A sealed Vault has no audit devices loaded: its 503s are not logged.
    if (isUnaudited(req.path) || this.#core.seal.sealed) return run(undefined)
    return this.#recorded(req, run)
  }

  async #recorded(req: LogicalRequest, run: (trail: AuditTrail) => Promise<HandledRequest>): Promise<HandledRequest> {
    const trail = new AuditTrail(this, req)
    let handled: HandledRequest
    try {
      handled = await run(trail)
    } catch (err) {
      await trail.failed(err)
      throw err
    }
    const logged = trail.succeeded(handled.response)
    if (logged) await logged
    return handled
  }

  /**
   * Give one entry to every device. True when at least one stored it (or
   * none is enabled): at once if a device stores synchronously, else once
   * the file devices' writes settled.
   */
  deliver(kind: 'request' | 'response', build: (device: AuditDevice) => string): boolean | Promise<boolean> {
    let logged = false
    let pending: Promise<boolean>[] | undefined
    const faults = this.#core.faults
    for (const device of this.#devices.values()) {
      try {
        // An injected fault (`vault.faults.failAudit()`): the device cannot store entries.
        if (faults.auditFails(device.path)) throw new Error('[vault-emu] injected fault: audit device unavailable')
        const stored = device.write(build(device))
        if (stored === undefined) logged = true
        else (pending ??= []).push(stored.then(() => true, (err: unknown) => this.#failed(device, kind, err)))
      } catch (err) {
        this.#failed(device, kind, err)
      }
    }
    if (logged || this.#devices.size === 0) return true
    if (pending === undefined) return false
    // One device (the usual case): its outcome is the answer, without a Promise.all per entry.
    return pending.length === 1 ? (pending[0] as Promise<boolean>) : Promise.all(pending).then((results) => results.includes(true))
  }

  /**
   * Write an emulator line (`{"type":"emulator-fault",...}`) to every device that
   * can take it, as is: not a request or response entry, so nothing in it is
   * hashed and no request waits for it or is refused because of it.
   */
  note(line: string): void {
    for (const device of this.#devices.values()) {
      if (this.#core.faults.auditFails(device.path)) continue
      try {
        device.write(line)?.catch((err: unknown) => this.#failed(device, 'note', err))
      } catch (err) {
        this.#failed(device, 'note', err)
      }
    }
  }

  #failed(device: AuditDevice, kind: 'request' | 'response' | 'note', err: unknown): false {
    this.#core.log(`[vault-emu] audit device ${JSON.stringify(device.path)} failed to log the ${kind}: ${messageOf(err)}`)
    return false
  }

  /** Entry time, from the core's clock. */
  time(): string {
    return this.strings.time(this.#core.clock.now())
  }

  /** The token a response handed out (for `response.auth.display_name` and issue time). */
  issued(clientToken: string): TokenEntry | undefined {
    return this.#core.tokens.raw(clientToken)
  }

  mountFor(path: string): MountEntry | undefined {
    return this.#core.mounts.match(path)?.entry
  }

  /** Vault writes a test entry when a device is enabled; a device that cannot take it is not enabled. */
  async #probe(device: AuditDevice): Promise<void> {
    const probe = JSON.stringify({
      auth: { token_type: 'default' },
      request: { id: uuid(), namespace: { id: 'root' }, operation: 'update', path: 'sys/audit/test' },
      time: this.time(),
      type: 'request',
    })
    try {
      await device.write(probe)
    } catch (err) {
      device.sink.close()
      throw invalidRequest(`audit backend failed test message: ${messageOf(err)}`)
    }
  }

  #save(): void {
    this.#core.storage.put(TABLE_KEY, [...this.#devices.values()].map((d) => d.entry))
  }
}

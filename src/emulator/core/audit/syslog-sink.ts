/**
 * The `syslog` device's sink: each entry is one syslog message at severity
 * INFO in the device's facility, tagged `tag[pid]`, its text the prefix and
 * the JSON line.
 *
 * Deviation from Vault: Vault hands its messages to the local syslog daemon
 * over the Unix datagram socket `/dev/log`, which Node cannot open (it has no
 * Unix datagram sockets). The emulator sends them over UDP instead, to
 * `127.0.0.1:514` unless the device's `address` option (vault-emu's own:
 * `host`, `host:port`, `[v6]:port`) names another daemon, in the form Go's
 * `log/syslog` uses towards a network daemon (RFC 3164 framing with an
 * RFC 3339 time): `<PRI>TIMESTAMP HOSTNAME TAG[PID]: MESSAGE\n`. Rsyslog,
 * syslog-ng and journald's remote listeners all take it. The timestamp comes
 * from the emulator's clock, like the entry's own `time`.
 *
 * An entry counts as logged once the datagram was handed to the kernel; a
 * send that fails (an entry larger than a datagram, an unresolvable host)
 * fails the request, as Vault's device does when its socket write fails.
 * UDP does not tell whether a daemon listens: with none, entries are lost
 * silently, as they are when Vault's syslog daemon drops them.
 */
import { createSocket } from 'node:dgram'
import type { Socket } from 'node:dgram'
import { isIPv6 } from 'node:net'
import { hostname } from 'node:os'
import type { SyslogSettings } from './device-options.js'
import type { AuditSink } from './sink.js'

/** Go's `syslog.LOG_INFO`: Vault logs audit entries at this severity. */
const SEVERITY_INFO = 6

/** Go's time.RFC3339 in UTC: whole seconds. */
function rfc3339Seconds(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}Z`
}

export class SyslogSink implements AuditSink {
  readonly #settings: SyslogSettings
  readonly #prefix: string
  readonly #now: () => number
  /** `HOSTNAME TAG[PID]: `, the same in every message. */
  readonly #header: string
  #socket: Socket | undefined
  #closed = false

  constructor(settings: SyslogSettings, prefix: string, now: () => number) {
    this.#settings = settings
    this.#prefix = prefix
    this.#now = now
    this.#header = `${hostname()} ${settings.tag}[${process.pid}]: `
  }

  /** Send one entry; resolves once the datagram was sent, rejects when it could not be. */
  write(json: string): Promise<void> {
    const { facility, host, port } = this.#settings
    const message = `<${facility * 8 + SEVERITY_INFO}>${rfc3339Seconds(this.#now())} ${this.#header}${this.#prefix}${json}\n`
    // Closed (device disabled): an entry still arriving from a request in flight goes out on a socket of its own.
    const closed = this.#closed
    const socket = closed ? this.#newSocket() : (this.#socket ??= this.#newSocket())
    return new Promise((resolve, reject) => {
      socket.send(message, port, host, (err) => {
        if (closed) socket.close()
        if (err) reject(new Error(`write udp ${host}:${port}: ${err.message}`))
        else resolve()
      })
    })
  }

  close(): void {
    this.#closed = true
    const socket = this.#socket
    this.#socket = undefined
    socket?.close()
  }

  #newSocket(): Socket {
    const socket = createSocket(isIPv6(this.#settings.host) ? 'udp6' : 'udp4')
    // Never keeps the process alive; an asynchronous socket error fails the sends it belongs to, not the process.
    socket.unref()
    socket.on('error', () => {})
    return socket
  }
}

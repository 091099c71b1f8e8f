import { createSocket } from 'node:dgram'
import type { Socket } from 'node:dgram'
import type { AddressInfo } from 'node:net'
import { hostname } from 'node:os'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { Core } from '../core.js'
import { callVault } from '../../transport/in-process.js'
import type { AuditLogEntry } from './entry-types.js'

let core: Core
let daemon: Socket
let address: string
/** Messages the fake syslog daemon received, and waiters for the next ones. */
let received: string[]
let waiters: (() => void)[]

const call = (method: string, path: string, data?: unknown, token = 'root') => callVault(core, method, path, { token, data })

/** Resolves once the daemon holds at least `count` messages. */
async function messages(count: number): Promise<string[]> {
  while (received.length < count) await new Promise<void>((resolve) => waiters.push(resolve))
  return received
}

/** `<PRI>TIMESTAMP HOSTNAME TAG[PID]: MESSAGE\n`, as Go's log/syslog sends to a network daemon. */
const SYSLOG_LINE = /^<(\d+)>(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ) (\S+) ([^[]+)\[(\d+)\]: (.*)\n$/s

function parse(message: string): { priority: number; time: string; host: string; tag: string; pid: number; text: string } {
  const m = SYSLOG_LINE.exec(message)
  if (!m) throw new Error(`not a syslog message: ${message}`)
  return { priority: Number(m[1]), time: m[2]!, host: m[3]!, tag: m[4]!, pid: Number(m[5]), text: m[6]! }
}

beforeEach(async () => {
  core = await Core.create({ clock: { mode: 'frozen', start: '2030-01-01T00:00:00Z' } })
  received = []
  waiters = []
  daemon = createSocket('udp4')
  daemon.on('message', (msg) => {
    received.push(msg.toString('utf8'))
    for (const wake of waiters.splice(0)) wake()
  })
  await new Promise<void>((resolve) => daemon.bind(0, '127.0.0.1', resolve))
  address = `127.0.0.1:${(daemon.address() as AddressInfo).port}`
})

afterEach(async () => {
  await core.stop()
  daemon.close()
})

describe('syslog audit device', () => {
  it('sends each entry as a syslog message over UDP: facility AUTH, severity INFO, tag "vault" by default', async () => {
    expect((await call('PUT', 'sys/audit/syslog', { type: 'syslog', options: { address } })).status).toBe(204)
    expect(core.audit.list()).toMatchObject({ 'syslog/': { type: 'syslog', options: { address } } })
    await call('PUT', 'secret/data/app', { data: { password: 'hunter2' } })
    // The test entry, the enable's response, then the write's request and response.
    const [probe, , request, response] = (await messages(4)).map(parse)
    expect(probe).toMatchObject({ priority: 4 * 8 + 6, time: '2030-01-01T00:00:00Z', host: hostname(), tag: 'vault', pid: process.pid })
    expect(JSON.parse(probe!.text)).toMatchObject({ type: 'request', request: { path: 'sys/audit/test' } })
    const entry = JSON.parse(request!.text) as AuditLogEntry
    expect(entry).toMatchObject({ type: 'request', request: { operation: 'create', path: 'secret/data/app' } })
    expect(JSON.stringify(entry)).not.toContain('hunter2')
    expect(JSON.parse(response!.text)).toMatchObject({ type: 'response', request: { path: 'secret/data/app' } })
  })

  it('takes facility, tag and prefix as Vault does', async () => {
    const options = { address, facility: 'local3', tag: 'vault-audit', prefix: 'AUDIT: ', skip_test: 'true' }
    expect((await call('PUT', 'sys/audit/syslog', { type: 'syslog', options })).status).toBe(204)
    const [enabled] = (await messages(1)).map(parse)
    expect(enabled).toMatchObject({ priority: 19 * 8 + 6, tag: 'vault-audit' })
    expect(enabled!.text.startsWith('AUDIT: {')).toBe(true)
    expect(JSON.parse(enabled!.text.slice('AUDIT: '.length))).toMatchObject({ type: 'response', request: { path: 'sys/audit/syslog' } })
  })

  it('refuses an unknown facility or a malformed address', async () => {
    const refused = (message: string) => ({ status: 400, json: { errors: [message] } })
    expect(await call('PUT', 'sys/audit/syslog', { type: 'syslog', options: { facility: 'mars' } })).toMatchObject(refused('cannot create syslog logger: invalid syslog facility: MARS'))
    expect(await call('PUT', 'sys/audit/syslog', { type: 'syslog', options: { address: '127.0.0.1:99999' } })).toMatchObject(refused('unable to parse "address": invalid configuration'))
    expect(core.audit.list()).toEqual({})
  })
})

/**
 * `vault-emu clock status|advance <duration>|set <time>|freeze|resume`: drive a
 * running emulator's virtual clock over HTTP (`/_emu/clock`), with
 * VAULT_ADDR and VAULT_TOKEN (the root token) like the vault CLI.
 */
import { UsageError } from './usage-error.js'

export const CLOCK_USAGE = `Usage: vault-emu clock <status|advance <duration>|set <time>|freeze|resume>

Drive the virtual clock of the emulator at $VAULT_ADDR (needs the root token in $VAULT_TOKEN).

  status             show the mode and the current virtual time
  advance <duration> move forward (90, 90s, 30m, 1h, 7d) and run every expiry that falls due
  set <time>         jump to an RFC 3339 time (never backwards)
  freeze             stop time
  resume             let time flow again`

interface ClockReply {
  mode?: string
  now?: string
  report?: { from: string; to: string; events: Array<{ kind: string; id: string; error?: string }> }
  errors?: string[]
}

function describeEvents(report: NonNullable<ClockReply['report']>): string {
  if (report.events.length === 0) return 'nothing fell due'
  return report.events.map((e) => `  ${e.kind.padEnd(14)} ${e.id}${e.error ? `: ${e.error}` : ''}`).join('\n')
}

export async function clock(argv: string[], env: NodeJS.ProcessEnv = process.env, out: NodeJS.WritableStream = process.stdout): Promise<number> {
  const [sub, arg, ...extra] = argv
  if (sub === undefined || sub === '-h' || sub === '--help') {
    out.write(`${CLOCK_USAGE}\n`)
    return sub === undefined ? 2 : 0
  }
  if (extra.length > 0) throw new UsageError(`unexpected argument ${JSON.stringify(extra[0])}`)
  let body: Record<string, unknown> | undefined
  switch (sub) {
    case 'status':
      break
    case 'advance':
      if (!arg) throw new UsageError('clock advance needs a duration, e.g. "vault-emu clock advance 1h"')
      body = { advance: arg }
      break
    case 'set':
      if (!arg) throw new UsageError('clock set needs a time, e.g. "vault-emu clock set 2027-01-01T00:00:00Z"')
      body = { set: arg }
      break
    case 'freeze':
      body = { freeze: true }
      break
    case 'resume':
      body = { freeze: false }
      break
    default:
      throw new UsageError(`unknown clock command ${JSON.stringify(sub)}`)
  }
  const addr = env['VAULT_ADDR'] ?? 'http://127.0.0.1:8200'
  const token = env['VAULT_TOKEN'] ?? ''
  let res: Response
  try {
    res = await fetch(`${addr.replace(/\/+$/, '')}/_emu/clock`, {
      method: body ? 'POST' : 'GET',
      headers: { 'X-Vault-Token': token, 'Content-Type': 'application/json' },
      ...(body ? { body: JSON.stringify(body) } : {}),
    })
  } catch (err) {
    process.stderr.write(`vault-emu: cannot reach the emulator at ${addr}: ${err instanceof Error ? err.message : String(err)}\n`)
    return 1
  }
  const reply = (await res.json().catch(() => ({}))) as ClockReply
  if (!res.ok) {
    process.stderr.write(`vault-emu: ${res.status} ${(reply.errors ?? []).join('; ') || res.statusText}\n`)
    return 1
  }
  out.write(`mode ${reply.mode}\nnow  ${reply.now}\n`)
  if (reply.report) out.write(`${describeEvents(reply.report)}\n`)
  return 0
}

/**
 * What the PKI tests share: a dev core (frozen or real clock) with PKI
 * mounts, called through the HTTP translation; `openssl` for independent
 * checks. Not a test file itself.
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Core } from '../../../core/core.js'
import type { ClockOptions } from '../../../core/clock.js'
import { callVault } from '../../../transport/in-process.js'
import type { CallResult } from '../../../transport/in-process.js'

export const CLOCK_START = '2030-01-01T00:00:00Z'

export interface PkiHarness {
  core: Core
  call(method: string, path: string, data?: unknown, token?: string): Promise<CallResult>
  ok<T = Record<string, unknown>>(method: string, path: string, data?: unknown): Promise<T>
  fails(status: number, method: string, path: string, data?: unknown): Promise<string>
  /** Mount `pki` at `path`, with max lease TTL raised as the tutorials do. */
  mount(path: string, maxLeaseTtl?: string): Promise<void>
}

export async function startPki(clock: ClockOptions = { mode: 'frozen', start: CLOCK_START }): Promise<PkiHarness> {
  const core = await Core.create({ clock, log: () => {} })
  const call = (method: string, path: string, data?: unknown, token = 'root'): Promise<CallResult> =>
    callVault(core, method, path, { token, ...(data === undefined ? {} : { data }) })
  const ok = async <T,>(method: string, path: string, data?: unknown): Promise<T> => {
    const reply = await call(method, path, data)
    if (reply.status >= 300) throw new Error(`${method} ${path}: ${reply.status} ${JSON.stringify(reply.json)}`)
    return (reply.json as { data: T } | undefined)?.data as T
  }
  const fails = async (status: number, method: string, path: string, data?: unknown): Promise<string> => {
    const reply = await call(method, path, data)
    if (reply.status !== status) throw new Error(`${method} ${path}: expected ${status}, got ${reply.status} ${JSON.stringify(reply.json)}`)
    return (reply.json as { errors: string[] }).errors[0] ?? ''
  }
  const mount = async (path: string, maxLeaseTtl = '87600h'): Promise<void> => {
    await ok('POST', `sys/mounts/${path}`, { type: 'pki', config: { max_lease_ttl: maxLeaseTtl } })
  }
  return { core, call, ok, fails, mount }
}

/** Run openssl with files written to a scratch directory; returns stdout, or throws with stderr. */
export function openssl(args: (dir: string) => string[], files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'vault-emu-pki-'))
  try {
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text)
    return execFileSync('openssl', args(dir), { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

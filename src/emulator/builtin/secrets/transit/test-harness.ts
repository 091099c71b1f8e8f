/**
 * What the transit tests share: a dev core with `transit/` mounted, on a
 * frozen clock, called through the HTTP translation as clients call it.
 * Not a test file itself.
 */
import { Core } from '../../../core/core.js'
import { callVault } from '../../../transport/in-process.js'
import type { CallResult } from '../../../transport/in-process.js'

export const CLOCK_START = '2030-01-01T00:00:00Z'

export interface TransitHarness {
  core: Core
  call(method: string, path: string, data?: unknown, token?: string): Promise<CallResult>
  /** A call that must succeed; the `data` of its reply. */
  ok<T = Record<string, unknown>>(method: string, path: string, data?: unknown, token?: string): Promise<T>
  /** A call that must fail with `status`; its first error text. */
  fails(status: number, method: string, path: string, data?: unknown, token?: string): Promise<string>
}

export async function startTransit(): Promise<TransitHarness> {
  const core = await Core.create({ clock: { mode: 'frozen', start: CLOCK_START }, log: () => {} })
  const call = (method: string, path: string, data?: unknown, token = 'root'): Promise<CallResult> =>
    callVault(core, method, path, { token, ...(data === undefined ? {} : { data }) })
  const ok = async <T,>(method: string, path: string, data?: unknown, token?: string): Promise<T> => {
    const reply = await call(method, path, data, token)
    if (reply.status >= 300) throw new Error(`${method} ${path}: ${reply.status} ${JSON.stringify(reply.json)}`)
    return (reply.json as { data: T } | undefined)?.data as T
  }
  const fails = async (status: number, method: string, path: string, data?: unknown, token?: string): Promise<string> => {
    const reply = await call(method, path, data, token)
    if (reply.status !== status) throw new Error(`${method} ${path}: expected ${status}, got ${reply.status} ${JSON.stringify(reply.json)}`)
    return (reply.json as { errors: string[] }).errors[0] ?? ''
  }
  await ok('POST', 'sys/mounts/transit', { type: 'transit' })
  return { core, call, ok, fails }
}

export const b64 = (text: string): string => Buffer.from(text).toString('base64')
export const unb64 = (text: string): string => Buffer.from(text, 'base64').toString()

/** Test helper for auth methods: a frozen-clock core with the method enabled, and a terse caller. */
import { Core } from '../../core/core.js'
import type { AuthBlock } from '../../core/request.js'
import { callVault } from '../../transport/in-process.js'

export interface Reply {
  status: number
  body: {
    data?: Record<string, unknown> | null
    auth?: AuthBlock | null
    warnings?: string[] | null
    errors?: string[]
  }
}

export interface CallOptions {
  /** Default: the root token; `''` sends none. */
  token?: string
  data?: unknown
  remoteAddress?: string
}

export interface AuthHarness {
  core: Core
  call(method: string, path: string, options?: CallOptions): Promise<Reply>
  /** Tune the auth mount (`default_lease_ttl`, `max_lease_ttl`, `token_type`). */
  tune(config: Record<string, unknown>): Promise<void>
}

export const START = '2030-01-01T00:00:00Z'

export async function authHarness(type: string, path = type): Promise<AuthHarness> {
  const core = await Core.create({ clock: { mode: 'frozen', start: START } })
  const call = async (method: string, target: string, options: CallOptions = {}): Promise<Reply> => {
    const token = options.token ?? 'root'
    const reply = await callVault(core, method, target, {
      ...(token === '' ? {} : { token }),
      ...(options.data === undefined ? {} : { data: options.data }),
      ...(options.remoteAddress === undefined ? {} : { remoteAddress: options.remoteAddress }),
    })
    return { status: reply.status, body: (reply.json ?? {}) as Reply['body'] }
  }
  const enabled = await call('POST', `sys/auth/${path}`, { data: { type } })
  if (enabled.status !== 204) throw new Error(`enabling ${type} at ${path}: ${JSON.stringify(enabled)}`)
  const tune = async (config: Record<string, unknown>) => {
    const reply = await call('POST', `sys/auth/${path}/tune`, { data: config })
    if (reply.status !== 204) throw new Error(`tune: ${JSON.stringify(reply)}`)
  }
  return { core, call, tune }
}

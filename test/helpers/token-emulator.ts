/** A frozen-clock core and a caller for `auth/token/…` paths, shared by the token backend's unit tests. */
import { expect } from 'vitest'
import { Core } from '../../src/emulator/core/core.js'
import type { AuthBlock } from '../../src/emulator/core/request.js'
import { callVault } from '../../src/emulator/transport/in-process.js'

export interface TokenBody {
  data: Record<string, unknown> | null
  auth: AuthBlock | null
  warnings: string[] | null
  errors?: string[]
}

export interface TokenReply {
  status: number
  body: TokenBody
}

export async function tokenEmulator() {
  const core = await Core.create({ clock: { mode: 'frozen', start: '2030-01-01T00:00:00Z' } })
  /** Calls `auth/token/<path>`; the body is `{}` when the reply has none. */
  const call = async (method: string, path: string, token: string, data?: unknown): Promise<TokenReply> => {
    const reply = await callVault(core, method, `auth/token/${path}`, { token, ...(data === undefined ? {} : { data }) })
    return { status: reply.status, body: (reply.json ?? {}) as TokenBody }
  }
  /** Creates a token through `auth/token/<path>` as `token`, expecting 200. */
  const mint = async (data: Record<string, unknown>, token = 'root', path = 'create'): Promise<AuthBlock> => {
    const reply = await call('POST', path, token, data)
    expect(reply.status, JSON.stringify(reply.body)).toBe(200)
    return reply.body.auth as AuthBlock
  }
  return { core, call, mint }
}

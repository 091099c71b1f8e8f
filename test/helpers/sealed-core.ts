/** Cores with the Shamir seal, for the seal, snapshot and persistence tests. */
import { expect } from 'vitest'
import { Core } from '../../src/emulator/core/core.js'
import { callVault } from '../../src/emulator/transport/in-process.js'
import type { CallResult } from '../../src/emulator/transport/in-process.js'

export interface InitReply {
  keys: string[]
  keys_base64: string[]
  root_token: string
}

export interface Reply {
  status: number
  headers: Record<string, string>
  /** Parsed JSON body (`{}` when there is none). */
  body: Record<string, unknown>
  raw: CallResult['body']
}

export type Call = (method: string, path: string, data?: unknown, token?: string) => Promise<Reply>

export function caller(core: Core): Call {
  return async (method, path, data, token = '') => {
    const reply = await callVault(core, method, path, { token, ...(data === undefined ? {} : { data }) })
    return { status: reply.status, headers: reply.headers, body: (reply.json ?? {}) as Record<string, unknown>, raw: reply.body }
  }
}

export async function shamirCore(options: { stateFile?: string } = {}): Promise<{ core: Core; call: Call }> {
  const core = await Core.create({
    seal: 'shamir',
    clock: { mode: 'frozen', start: '2030-01-01T00:00:00Z' },
    log: () => undefined,
    ...(options.stateFile === undefined ? {} : { stateFile: options.stateFile }),
  })
  return { core, call: caller(core) }
}

export async function init(call: Call, shares = 5, threshold = 3): Promise<InitReply> {
  const reply = await call('PUT', 'sys/init', { secret_shares: shares, secret_threshold: threshold })
  expect(reply.status, JSON.stringify(reply.body)).toBe(200)
  return reply.body as unknown as InitReply
}

export async function unseal(call: Call, keys: readonly string[]): Promise<Record<string, unknown>> {
  let body: Record<string, unknown> = {}
  for (const key of keys) {
    const reply = await call('PUT', 'sys/unseal', { key })
    expect(reply.status, JSON.stringify(reply.body)).toBe(200)
    body = reply.body
  }
  return body
}

/** An initialised and unsealed Shamir core (5 shares, threshold 3). */
export async function unsealedCore(options: { stateFile?: string } = {}): Promise<{ core: Core; call: Call; keys: InitReply }> {
  const { core, call } = await shamirCore(options)
  const keys = await init(call)
  await unseal(call, keys.keys.slice(0, 3))
  return { core, call, keys }
}

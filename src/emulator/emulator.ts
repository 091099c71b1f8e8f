/**
 * The public emulator object: a core, optionally served over HTTP.
 *
 * @example
 * const vault = await startVaultEmulator({ port: 0 })
 * process.env.VAULT_ADDR = vault.addr
 * await vault.clock.advance('1h')
 * await vault.stop()
 */
import { Core } from './core/core.js'
import type { Clock, ClockOptions } from './core/clock.js'
import { listen } from './transport/fastify/server.js'
import type { RunningServer } from './transport/fastify/server.js'
import { callVault } from './transport/in-process.js'
import type { CallOptions, CallResult } from './transport/in-process.js'

export interface VaultEmulatorOptions {
  /** Port to listen on; 0 picks a free one. Default 8200. */
  port?: number
  /** Interface to bind. Default 127.0.0.1. */
  host?: string
  /** The dev root token. Default `root`. */
  rootToken?: string
  /** Clock mode and start time. Default: real time. */
  clock?: ClockOptions
}

export interface VaultEmulator {
  /** `http://127.0.0.1:8200` when served over HTTP; `''` in-process. */
  readonly addr: string
  readonly rootToken: string
  readonly clock: Clock
  /** The in-process core (advanced use). */
  readonly core: Core
  /** Call the Vault API through the core, without a socket. Uses the root token unless told otherwise. */
  request(method: string, path: string, options?: CallOptions): Promise<CallResult>
  stop(): Promise<void>
  [Symbol.asyncDispose](): Promise<void>
}

class Emulator implements VaultEmulator {
  constructor(
    readonly core: Core,
    private readonly server: RunningServer | undefined,
  ) {}

  get addr(): string {
    return this.server?.address ?? ''
  }

  get rootToken(): string {
    return this.core.rootTokenId
  }

  get clock(): Clock {
    return this.core.clock
  }

  request(method: string, path: string, options: CallOptions = {}): Promise<CallResult> {
    return callVault(this.core, method, path, { token: this.rootToken, ...options })
  }

  async stop(): Promise<void> {
    await this.server?.close()
    await this.core.stop()
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.stop()
  }
}

/** An emulator served over HTTP (real sockets; for any Vault client). */
export async function startVaultEmulator(options: VaultEmulatorOptions = {}): Promise<VaultEmulator> {
  const core = await Core.create({ ...(options.rootToken ? { rootToken: options.rootToken } : {}), ...(options.clock ? { clock: options.clock } : {}) })
  const server = await listen(core, { port: options.port ?? 8200, host: options.host ?? '127.0.0.1' })
  return new Emulator(core, server)
}

/** An emulator without a socket: call it with `request()` or serve it through msw. */
export async function createVaultEmulator(options: Omit<VaultEmulatorOptions, 'port' | 'host'> = {}): Promise<VaultEmulator> {
  const core = await Core.create({ ...(options.rootToken ? { rootToken: options.rootToken } : {}), ...(options.clock ? { clock: options.clock } : {}) })
  return new Emulator(core, undefined)
}

/** The running agent's public shape: options, events, handle. */
import type { TemplateConfig } from './config-types.js'

/**
 * Something the agent did. Stable: tools (e.g. `vault-emu lesson check`) wait on these.
 *
 * - `auth`: logged in (`detail`: the auth method); also after a re-login
 * - `sink`: wrote the token sink (`detail`: the sink path)
 * - `render`: wrote a template's destination because its text changed (`template`: destination)
 * - `command`: ran a template's command (`detail`: `exit 0`, `exit 1`, ...)
 * - `secret`: fetched a secret (`detail`: its path, and the lease TTL if it has one)
 * - `renew`: renewed a lease or the agent's token (`detail`: the secret's path or `token`, and the TTL granted)
 * - `renew-failed`: a renewal was refused or the lease reached its max TTL; the secret is fetched anew
 * - `error`: anything else that went wrong (`detail`: the message, never a secret); the agent retries
 */
export interface AgentEvent {
  type: 'auth' | 'sink' | 'secret' | 'render' | 'command' | 'renew' | 'renew-failed' | 'error'
  /** The agent's time: the emulator's virtual time when talking to the emulator, wall time otherwise. */
  at: Date
  /** The template's destination, for `render` and `command`. */
  template?: string
  detail?: string
}

export interface StartAgentOptions {
  /** Runs a template's `command`; resolves to its exit code. Default: `sh -c command`, output to stderr. */
  runCommand?: (command: string, template: TemplateConfig) => Promise<number>
  /** One line per event, as Vault Agent logs (never a token or secret). Default: nothing. */
  log?: (line: string) => void
  /** Where VAULT_ADDR is read when the config has no `vault { address }`. Default: process.env. */
  env?: NodeJS.ProcessEnv
}

export interface RunningAgent {
  /** Every event so far, oldest first. */
  readonly events: readonly AgentEvent[]
  /** The Vault address in use. */
  readonly address: string
  /** Whether the agent found the emulator (and so sleeps on its virtual clock). */
  readonly virtualClock: boolean
  /**
   * The first event (already seen or still to come) matching `predicate`
   * (`index` is its place in {@link RunningAgent.events}: `i >= before` skips older ones);
   * rejects after `timeoutMs` of wall time.
   */
  waitFor(predicate: (event: AgentEvent, index: number) => boolean, timeoutMs?: number): Promise<AgentEvent>
  /** Stop timers and in-flight waits; files stay where they are. */
  stop(): Promise<void>
  /** Resolves once the agent stopped: after {@link RunningAgent.stop}, or after its first full round with `exit_after_auth`. */
  readonly finished: Promise<void>
}

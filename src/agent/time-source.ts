/**
 * The agent's sense of time. Against the emulator it follows the virtual clock
 * (sleeping through the `/_emu/clock/wait` long poll, so `clock.advance()`
 * wakes it); against a real Vault it is the wall clock.
 */
import type { VaultHttp } from './vault-http.js'
import { VaultRequestError } from './vault-http.js'

export interface TimeSource {
  readonly virtual: boolean
  /** Current time, epoch ms (for the emulator: its virtual time, asked over HTTP). */
  now(token: string): Promise<number>
  /** The time last seen, without asking (event timestamps). */
  lastSeen(): number
  /**
   * Sleep until `targetMs` on this clock, or `maxWallMs` of wall time, or abort.
   * Resolves (never rejects) so the caller re-checks what is due.
   */
  sleep(targetMs: number, maxWallMs: number, token: string, signal: AbortSignal): Promise<void>
}

function wallDelay(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve()
    const timer = setTimeout(done, Math.max(0, Math.min(ms, 2_147_483_647)))
    function done(): void {
      clearTimeout(timer)
      signal.removeEventListener('abort', done)
      resolve()
    }
    signal.addEventListener('abort', done, { once: true })
  })
}

export function wallClock(): TimeSource {
  return {
    virtual: false,
    now: () => Promise.resolve(Date.now()),
    lastSeen: () => Date.now(),
    sleep: (targetMs, maxWallMs, _token, signal) => wallDelay(Math.min(targetMs - Date.now(), maxWallMs), signal),
  }
}

/** Longest single long poll; the agent polls again while nothing is due. */
const LONG_POLL_SECONDS = 25

export function emulatorClock(http: VaultHttp): TimeSource {
  let seen = 0
  const wait = async (until: number, timeoutMs: number, token: string, signal?: AbortSignal): Promise<void> => {
    const query = `until=${encodeURIComponent(new Date(until).toISOString())}&timeout=${Math.max(0, timeoutMs / 1000)}`
    const reply = await http.request('GET', `/_emu/clock/wait?${query}`, { token, ...(signal ? { signal } : {}) })
    const now = Date.parse(String(reply.json['now']))
    if (Number.isFinite(now)) seen = now
  }
  return {
    virtual: true,
    async now(token) {
      await wait(0, 0, token)
      return seen
    },
    lastSeen: () => seen,
    async sleep(targetMs, maxWallMs, token, signal) {
      try {
        await wait(targetMs, Math.min(maxWallMs, LONG_POLL_SECONDS * 1000), token, signal)
      } catch (err) {
        // A refused token (expired during an advance) wakes the agent to log in again;
        // an unreachable emulator is retried after a short wall-clock pause.
        if (err instanceof VaultRequestError && err.status !== 403) await wallDelay(Math.min(1000, maxWallMs), signal)
      }
    },
  }
}

/**
 * The emulator answers `/_emu/clock` without a token with 403 and Vault's
 * error body; a real Vault has no such path (404).
 */
export async function detectTimeSource(http: VaultHttp): Promise<TimeSource> {
  try {
    await http.request('GET', '/_emu/clock')
  } catch (err) {
    if (err instanceof VaultRequestError && err.status === 403) return emulatorClock(http)
  }
  return wallClock()
}

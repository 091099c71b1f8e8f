/**
 * Vault's TTL arithmetic for tokens and leases (sdk/framework `CalculateTTL`):
 * one function every auth method and secrets engine uses to turn what the
 * client asked for, the role's limits and the mount's limits into the TTL
 * that is granted, plus the warnings Vault attaches when it had to cap it.
 *
 * Rules, in order:
 * 1. The effective max is the mount's max TTL, lowered by the backend (role)
 *    max and by the explicit max when those are set and smaller.
 * 2. A periodic lease gets its period (capped at the effective max, with a
 *    warning); only an explicit max bounds it in time.
 * 3. Otherwise the TTL is the increment, else the backend TTL, else the
 *    mount's default. It may not run past `start + effective max`: it is
 *    shortened to what is left (with a warning), and a lease already past
 *    that point cannot be renewed at all.
 *
 * All arithmetic is in whole seconds; times are truncated to the second, as
 * Vault does, so the result does not depend on sub-second clock noise.
 *
 * @example
 * // Token creation: asked for 48h on a mount whose max is 24h.
 * const { ttl, warnings } = calculateTtl({
 *   backendTtl: 48 * 3600,
 *   mount: { defaultTtl: 3600, maxTtl: 24 * 3600 },
 *   nowMs: clock.now(),
 * })
 * ttl      // 86400
 * warnings // ['TTL of "48h" exceeded the effective max_ttl of "24h"; TTL value is capped accordingly']
 *
 * @example
 * // Renewal: computed from the original issue time, so renewing never
 * // extends the hard limit.
 * calculateTtl({ increment: 3600, backendTtl: token.lease_ttl, mount, startMs: token.creation_time_ms, nowMs: clock.now() })
 */
import { internalError, invalidRequest } from '../core/errors.js'
import { formatHumanDuration } from '../core/duration.js'

/** Inputs to {@link calculateTtl}; every duration is in seconds, 0 meaning "not set". */
export interface TtlInputs {
  /** The increment a client asked for when renewing. */
  increment?: number
  /** The TTL the backend (role) or the create request asked for. */
  backendTtl?: number
  /** A periodic token's or lease's period. */
  period?: number
  /** The backend's (role's) max TTL. */
  backendMaxTtl?: number
  /** A hard cap that survives renewals (`explicit_max_ttl`). */
  explicitMaxTtl?: number
  /** The mount's effective default and max TTL (`core.mountTtls(mount)`). */
  mount: { defaultTtl: number; maxTtl: number }
  /** When the lease or token was first issued, epoch ms; defaults to now. */
  startMs?: number
  /** The current time, epoch ms (`ctx.clock.now()`). */
  nowMs: number
}

/** What {@link calculateTtl} grants. */
export interface TtlResult {
  /** Granted TTL in seconds. */
  ttl: number
  /** Capping warnings, worded as Vault words them, for the response envelope. */
  warnings: string[]
}

/**
 * Compute the TTL to grant (see the module comment for the rules).
 *
 * @throws VaultError 400 `past the max TTL, cannot renew` when the hard limit
 *   has already passed; 500 when the effective max is not positive.
 */
export function calculateTtl(inputs: TtlInputs): TtlResult {
  const increment = inputs.increment ?? 0
  const backendTtl = inputs.backendTtl ?? 0
  const backendMaxTtl = inputs.backendMaxTtl ?? 0
  const explicitMaxTtl = inputs.explicitMaxTtl ?? 0
  let period = inputs.period ?? 0
  const now = Math.floor(inputs.nowMs / 1000)
  const start = inputs.startMs === undefined ? now : Math.floor(inputs.startMs / 1000)
  const warnings: string[] = []

  let maxTtl = inputs.mount.maxTtl
  if (backendMaxTtl > 0 && backendMaxTtl < maxTtl) maxTtl = backendMaxTtl
  if (explicitMaxTtl > 0 && explicitMaxTtl < maxTtl) maxTtl = explicitMaxTtl
  if (maxTtl <= 0) throw internalError('max TTL must be greater than zero')

  let ttl: number
  let hardStop: number | undefined
  if (period > 0) {
    if (period > maxTtl) {
      warnings.push(
        `period of ${quote(period)} exceeded the effective max_ttl of ${quote(maxTtl)}; period value is capped accordingly`,
      )
      period = maxTtl
    }
    ttl = period
    if (explicitMaxTtl > 0) hardStop = start + explicitMaxTtl
  } else {
    ttl = increment > 0 ? increment : backendTtl > 0 ? backendTtl : inputs.mount.defaultTtl
    hardStop = start + maxTtl
  }

  if (hardStop !== undefined) {
    const left = hardStop - now
    if (left <= 0) throw invalidRequest('past the max TTL, cannot renew')
    if (ttl > left) {
      warnings.push(`TTL of ${quote(ttl)} exceeded the effective max_ttl of ${quote(left)}; TTL value is capped accordingly`)
      ttl = left
    }
  }
  return { ttl, warnings }
}

function quote(seconds: number): string {
  return JSON.stringify(formatHumanDuration(seconds))
}

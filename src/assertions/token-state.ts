/**
 * Why a token is not usable, in words: unknown, revoked, expired (and when),
 * or out of uses.
 *
 * @example
 * describeTokenProblem(vault, 'hvs.gone') // 'it is not a valid token (never issued, or revoked)'
 */
import type { VaultEmulator } from '../emulator/emulator.js'

/**
 * @example
 * describeTokenProblem(vault, expiredToken) // 'it expired at 2030-01-01T01:00:00.000Z (the emulator's clock reads ...)'
 */
export function describeTokenProblem(vault: VaultEmulator, token: string): string {
  const raw = vault.core.tokens.raw(token)
  if (!raw) return 'it is not a valid token (never issued, or revoked)'
  if (raw.expire_time_ms > 0 && raw.expire_time_ms <= vault.clock.now()) {
    return `it expired at ${new Date(raw.expire_time_ms).toISOString()} (the emulator's clock reads ${vault.clock.iso()})`
  }
  if (raw.num_uses < 0) return 'it has used up its uses'
  return 'it is not a valid token'
}

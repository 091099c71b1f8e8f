/**
 * Retry schedule for failed revocations on expiry: Vault retries a failing
 * revoke with exponential backoff and, after its last attempt, leaves the
 * lease irrevocable (visible, never silently dropped).
 */
export const MAX_REVOKE_ATTEMPTS = 6

/** Delay before retry number `attempt` (1-based), in seconds: 10s, 20s, 40s... capped at 5 minutes. */
export function revokeRetryDelaySeconds(attempt: number): number {
  return Math.min(10 * 2 ** (attempt - 1), 300)
}

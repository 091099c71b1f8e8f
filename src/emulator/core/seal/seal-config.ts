/** The Shamir seal configuration (`secret_shares`/`secret_threshold`) and its validation. */
import { invalidRequest } from '../errors.js'

export interface SealConfig {
  type: 'shamir'
  secret_shares: number
  secret_threshold: number
}

/** Vault's `SealConfig.Validate`, in its order, with its messages (400 `invalid seal configuration: ...`). */
export function validateSealConfig(shares: number, threshold: number, pgpKeys: readonly string[]): SealConfig {
  const problem =
    shares < 1 ? 'shares must be at least one'
    : threshold < 1 ? 'threshold must be at least one'
    : shares > 1 && threshold < 2 ? 'threshold must be greater than one for multiple shares'
    : shares > 255 ? 'shares must be less than 256'
    : threshold > 255 ? 'threshold must be less than 256'
    : threshold > shares ? 'threshold cannot be larger than shares'
    : pgpKeys.length > 0 && pgpKeys.length !== shares ? 'count mismatch between number of provided PGP keys and number of shares'
    : undefined
  if (problem) throw invalidRequest(`invalid seal configuration: ${problem}`)
  return { type: 'shamir', secret_shares: shares, secret_threshold: threshold }
}

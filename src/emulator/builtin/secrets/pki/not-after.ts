/**
 * A certificate's validity end (Vault's `getCertificateNotAfter`): the
 * requested `ttl` or `not_after`, else the role's TTL, else the mount's
 * default; capped at the role's (else the mount's) max with a warning; and,
 * for leaves, never past the issuer's own notAfter unless the issuer permits.
 */
import { formatGoDuration } from '../../../core/duration.js'
import { rfc3339 } from '../../../framework/time-format.js'
import { pkiUserError } from './pki-error.js'

export interface NotAfterInput {
  /** Requested TTL, seconds (0: none). */
  ttl: number
  /** Requested `not_after`, RFC 3339 ('' for none). */
  notAfter: string
  roleTtl: number
  roleMaxTtl: number
  mount: { defaultTtl: number; maxTtl: number }
  nowMs: number
  /** The issuing CA, for leaves and intermediates. */
  ca?: { notAfterMs: number; behavior: string }
}

export function certificateNotAfter(input: NotAfterInput): { notAfterMs: number; warnings: string[] } {
  const warnings: string[] = []
  if (input.ttl > 0 && input.notAfter !== '') throw pkiUserError('Either ttl or not_after should be provided. Both should not be provided in the same request.')
  let ttl = input.ttl > 0 ? input.ttl : input.roleTtl
  const maxTtl = input.roleMaxTtl > 0 ? input.roleMaxTtl : input.mount.maxTtl
  if (ttl === 0) ttl = input.mount.defaultTtl
  if (ttl > maxTtl) {
    warnings.push(`TTL ${JSON.stringify(formatGoDuration(ttl))} is longer than permitted maxTTL ${JSON.stringify(formatGoDuration(maxTtl))}, so maxTTL is being used`)
    ttl = maxTtl
  }
  let notAfterMs: number
  if (input.notAfter !== '') {
    notAfterMs = Date.parse(input.notAfter)
    if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/.test(input.notAfter) || !Number.isFinite(notAfterMs)) {
      throw pkiUserError(`parsing time ${JSON.stringify(input.notAfter)} as "2006-01-02T15:04:05Z07:00": cannot parse ${JSON.stringify(input.notAfter)} as "2006"`)
    }
  } else {
    notAfterMs = input.nowMs + ttl * 1000
  }
  if (input.ca && notAfterMs > input.ca.notAfterMs) {
    if (input.ca.behavior === 'truncate') notAfterMs = input.ca.notAfterMs
    else if (input.ca.behavior !== 'permit') {
      throw pkiUserError(
        `cannot satisfy request, as TTL would result in notAfter of ${rfc3339(notAfterMs)} that is beyond the expiration of the CA certificate at ${rfc3339(input.ca.notAfterMs)}`,
      )
    }
  }
  return { notAfterMs, warnings }
}

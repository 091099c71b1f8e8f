/** A secret's lease as the expiration manager keeps it. */
export interface LeaseRecord {
  /** `<request path>/<24 base62>`, e.g. `database/creds/readonly/eSvp...`. */
  id: string
  /** Path of the mount that issued it (`database/`). */
  mountPath: string
  /** Which of the backend's secret hooks revokes/renews it. */
  secretType: string
  /** What the backend needs to revoke or renew it (never shown to clients). */
  internal: Record<string, unknown>
  /** Token that created it ('' for none). */
  tokenId: string
  issueTimeMs: number
  expireTimeMs: number
  lastRenewalMs: number | null
  renewable: boolean
  /** The TTL the backend asked for (renewals without an increment reuse it), seconds. */
  ttl: number
  /** The backend's max TTL (0 = the mount's), seconds. */
  maxTtl: number
  /** Failed revocation attempts on expiry so far. */
  revokeAttempts: number
  /** Set once revocation gave up: the lease stays, irrevocable, with the last error. */
  revokeError?: string
}

/** What a handler returns to have a lease registered for its response. */
export interface SecretSpec {
  /** Key into the backend's `secrets` hooks. */
  type: string
  internal: Record<string, unknown>
  ttl: number
  maxTtl?: number
  renewable?: boolean
}

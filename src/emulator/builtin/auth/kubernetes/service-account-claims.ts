/**
 * The service account a JWT names: from a projected token's `kubernetes.io`
 * claim, else from a legacy secret-based token's flat claims (Vault prefers
 * the projected values).
 */

export interface ServiceAccountIdentity {
  name: string
  namespace: string
  /** `''` when the token carries none. */
  uid: string
  /** Legacy tokens only. */
  secretName: string
  /** The token's `aud`, as a list. */
  audiences: string[]
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : ''
}

function record(value: unknown): Record<string, unknown> | undefined {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined
}

export function serviceAccountFromClaims(claims: Record<string, unknown>): ServiceAccountIdentity {
  const aud = claims['aud']
  const audiences = typeof aud === 'string' ? [aud] : Array.isArray(aud) ? aud.filter((a): a is string => typeof a === 'string') : []
  const identity: ServiceAccountIdentity = {
    name: text(claims['kubernetes.io/serviceaccount/service-account.name']),
    namespace: text(claims['kubernetes.io/serviceaccount/namespace']),
    uid: text(claims['kubernetes.io/serviceaccount/service-account.uid']),
    secretName: text(claims['kubernetes.io/serviceaccount/secret.name']),
    audiences,
  }
  const projected = record(claims['kubernetes.io'])
  if (projected) {
    identity.namespace = text(projected['namespace'])
    const sa = record(projected['serviceaccount'])
    if (sa) {
      identity.name = text(sa['name'])
      identity.uid = text(sa['uid'])
    }
  }
  return identity
}

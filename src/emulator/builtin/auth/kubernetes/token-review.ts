/**
 * The TokenReview call Vault makes on every login, and its checks of the
 * answer (vault-plugin-auth-kubernetes `token_review.go`). Failures are
 * `Error`s whose text Vault logs; the client only ever sees `permission denied`.
 */
import type { Core } from '../../../core/core.js'
import { callCluster } from './cluster-client.js'
import type { KubernetesConfig } from './config-store.js'

export const TOKEN_REVIEW_PATH = '/apis/authentication.k8s.io/v1/tokenreviews'

/** Who the API server says the token belongs to. */
export interface ReviewedServiceAccount {
  namespace: string
  name: string
  uid: string
}

export class TokenReviewError extends Error {
  override name = 'TokenReviewError'
}

/** The body Go's `json.Marshal(authv1.TokenReview{Spec: ...})` produces. */
export function tokenReviewBody(jwt: string, audiences: readonly string[]): string {
  return JSON.stringify({
    metadata: { creationTimestamp: null },
    spec: { token: jwt, ...(audiences.length > 0 ? { audiences } : {}) },
    status: { user: {} },
  })
}

function parse(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text)
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined
  } catch {
    return undefined
  }
}

function record(value: unknown): Record<string, unknown> {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {}
}

/** Ask the cluster whether `jwt` is valid (for one of `audiences`, when given). */
export async function reviewToken(core: Core, config: KubernetesConfig, jwt: string, audiences: readonly string[]): Promise<ReviewedServiceAccount> {
  // The configured reviewer token, else the login JWT itself, is the bearer.
  const bearer = config.token_reviewer_jwt !== '' ? config.token_reviewer_jwt : jwt
  let reply
  try {
    reply = await callCluster(core, config, { method: 'POST', path: TOKEN_REVIEW_PATH, authorization: `Bearer ${bearer}`, body: tokenReviewBody(jwt, audiences) })
  } catch (err) {
    throw new TokenReviewError(err instanceof Error ? err.message : String(err))
  }
  const body = parse(reply.body)
  if (reply.status === 401) {
    throw new TokenReviewError('lookup failed: service account unauthorized; this could mean it has been deleted or recreated with a new token')
  }
  if (reply.status < 200 || reply.status > 206) {
    throw new TokenReviewError(`the server responded with the status code ${reply.status} but did not return more information`)
  }
  if (!body) throw new TokenReviewError('invalid character in TokenReview response')
  if (body['kind'] === 'Status' && body['status'] !== 'Success') throw new TokenReviewError(String(body['message'] ?? 'unknown error'))

  const status = record(body['status'])
  if (typeof status['error'] === 'string' && status['error'] !== '') throw new TokenReviewError(`lookup failed: ${status['error']}`)
  if (status['authenticated'] !== true) throw new TokenReviewError('lookup failed: service account jwt not valid')
  if (audiences.length > 0) {
    const granted = Array.isArray(status['audiences']) ? status['audiences'] : []
    if (!audiences.some((a) => granted.includes(a))) {
      throw new TokenReviewError(`lookup failed: service account jwt valid for audience(s) [${granted.join(' ')}], but wanted [${audiences.join(' ')}]`)
    }
  }
  const user = record(status['user'])
  const parts = String(user['username'] ?? '').split(':')
  if (parts.length !== 4) throw new TokenReviewError('lookup failed: unexpected username format')
  if (parts[0] !== 'system' || parts[1] !== 'serviceaccount') throw new TokenReviewError('lookup failed: username returned is not a service account')
  return { namespace: parts[2] ?? '', name: parts[3] ?? '', uid: String(user['uid'] ?? '') }
}

/**
 * JWT validation as Vault's auth plugins do it (hashicorp/cap `jwt.Validator`):
 * signature against a key source, then `iss`, `sub`, `aud`, then the times
 * with cap's leeway rules. Signatures and the `exp`/`nbf` checks run through
 * jose on the emulator's clock; error texts are cap's, which Vault shows.
 *
 * Leeways (seconds): `0` means cap's default (clock skew 60, expiration and
 * not-before 150), a negative value means none. The expiration and
 * not-before leeways only apply when the token lacks `exp` / `nbf`.
 *
 * @example
 * const claims = await validateJwt(jwt, { kind: 'keys', keys }, { audiences: ['vault'], algorithms: ['RS256'] }, clock.now())
 */
import type { KeyObject } from 'node:crypto'
import { decodeJwt, decodeProtectedHeader, errors, jwtVerify } from 'jose'
import type { JWTPayload, JWTVerifyGetKey } from 'jose'

/** Where signing keys come from. `none` skips the signature (Kubernetes without `pem_keys`). */
export type KeySource =
  | { kind: 'none' }
  | { kind: 'keys'; keys: readonly KeyObject[] }
  | { kind: 'jwks'; getKey: JWTVerifyGetKey }

export interface ExpectedClaims {
  issuer?: string
  subject?: string
  /** At least one must be in `aud` (none: not checked). */
  audiences?: readonly string[]
  algorithms: readonly string[]
  notBeforeLeeway?: number
  expirationLeeway?: number
  clockSkewLeeway?: number
}

export interface ValidateOptions {
  /** Accept tokens with none of `iat`, `nbf`, `exp` (cap's `ValidateAllowMissingIatNbfExp`). */
  allowMissingTimes?: boolean
}

/** A token that failed validation; the message is cap's text. */
export class JwtValidationError extends Error {
  override name = 'JwtValidationError'
}

const DEFAULT_LEEWAY = 150
const DEFAULT_SKEW = 60

function leeway(value: number | undefined, fallback: number): number {
  if (value === undefined || value === 0) return fallback
  return value < 0 ? 0 : value
}

function signatureError(detail: string): JwtValidationError {
  return new JwtValidationError(`error verifying token signature: ${detail}`)
}

function timeError(err: unknown): JwtValidationError | undefined {
  if (err instanceof errors.JWTExpired) return new JwtValidationError('invalid expiration time (exp) claim: token is expired')
  if (err instanceof errors.JWTClaimValidationFailed && err.claim === 'nbf') {
    return new JwtValidationError('invalid not before (nbf) claim: token not yet valid')
  }
  return undefined
}

async function verifySignature(token: string, source: KeySource, expected: ExpectedClaims, nowMs: number): Promise<JWTPayload> {
  if (source.kind === 'none') {
    try {
      const alg = decodeProtectedHeader(token).alg ?? ''
      if (!expected.algorithms.includes(alg)) throw signatureError(`unexpected signature algorithm ${JSON.stringify(alg)}`)
      return decodeJwt(token)
    } catch (err) {
      if (err instanceof JwtValidationError) throw err
      throw signatureError('go-jose/go-jose: compact JWS format must have three parts')
    }
  }
  const options = {
    algorithms: [...expected.algorithms],
    currentDate: new Date(nowMs),
    clockTolerance: leeway(expected.clockSkewLeeway, DEFAULT_SKEW),
  }
  const keys = source.kind === 'keys' ? source.keys : [source.getKey]
  let algRefused = false
  for (const key of keys) {
    try {
      // Two calls because jwtVerify's overloads take a key or a key resolver, not a union of both.
      const { payload } = typeof key === 'function' ? await jwtVerify(token, key, options) : await jwtVerify(token, key, options)
      return payload
    } catch (err) {
      const timing = timeError(err)
      if (timing) throw timing
      if (err instanceof errors.JOSEAlgNotAllowed) algRefused = true
    }
  }
  if (algRefused) throw new JwtValidationError('invalid algorithm (alg) header parameter: token signed with unexpected algorithm')
  throw signatureError(source.kind === 'keys' ? 'no known key successfully validated the token signature' : 'failed to verify id token signature')
}

function audienceList(aud: JWTPayload['aud']): string[] {
  if (aud === undefined) return []
  return typeof aud === 'string' ? [aud] : aud
}

function numeric(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) ? Math.trunc(value) : 0
}

/** cap's time rules, including what stands in for a missing `exp` or `nbf`. */
function checkTimes(payload: JWTPayload, expected: ExpectedClaims, nowMs: number, allowMissing: boolean): void {
  const iat = numeric(payload.iat)
  let exp = numeric(payload.exp)
  let nbf = numeric(payload.nbf)
  if (iat === 0 && exp === 0 && nbf === 0) {
    if (allowMissing) return
    throw new JwtValidationError('no issued at (iat), not before (nbf), or expiration time (exp) claims in token')
  }
  if (exp === 0) exp = Math.max(iat, nbf) + leeway(expected.expirationLeeway, DEFAULT_LEEWAY)
  if (nbf === 0) nbf = iat !== 0 ? iat : exp - leeway(expected.notBeforeLeeway, DEFAULT_LEEWAY)
  const skew = leeway(expected.clockSkewLeeway, DEFAULT_SKEW)
  const now = nowMs / 1000
  if (now + skew < nbf) throw new JwtValidationError('invalid not before (nbf) claim: token not yet valid')
  if (now - skew > exp) throw new JwtValidationError('invalid expiration time (exp) claim: token is expired')
  if (iat !== 0 && now + skew < iat) throw new JwtValidationError('invalid issued at (iat) claim: token issued in the future')
}

/**
 * Validate a compact JWT and return all its claims.
 *
 * @throws JwtValidationError with cap's message.
 */
export async function validateJwt(
  token: string,
  source: KeySource,
  expected: ExpectedClaims,
  nowMs: number,
  options: ValidateOptions = {},
): Promise<Record<string, unknown>> {
  const payload = await verifySignature(token, source, expected, nowMs)
  if (expected.issuer && expected.issuer !== payload.iss) throw new JwtValidationError('invalid issuer (iss) claim')
  if (expected.subject && expected.subject !== payload.sub) throw new JwtValidationError('invalid subject (sub) claim')
  const wanted = expected.audiences ?? []
  if (wanted.length > 0) {
    const aud = audienceList(payload.aud)
    if (!wanted.some((a) => aud.includes(a))) {
      throw new JwtValidationError('invalid audience (aud) claim: audience claim does not match any expected audience')
    }
  }
  checkTimes(payload, expected, nowMs, options.allowMissingTimes ?? false)
  return payload as Record<string, unknown>
}

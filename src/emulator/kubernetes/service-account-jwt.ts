/**
 * Service-account JWTs as a Kubernetes API server signs them: RS256, a `kid`
 * derived from the public key, and the claims of a projected token.
 */
import { createHash, generateKeyPairSync, sign } from 'node:crypto'
import type { KeyObject } from 'node:crypto'

/** The cluster's token signing key. */
export interface SigningKey {
  privateKey: KeyObject
  publicKey: KeyObject
  /** `kid` header: base64url SHA-256 of the DER public key, as kube-apiserver computes it. */
  kid: string
  /** PEM of the public key (what Vault's `pem_keys` takes). */
  publicKeyPem: string
}

export function generateSigningKey(): SigningKey {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
  const der = publicKey.export({ type: 'spki', format: 'der' })
  return {
    privateKey,
    publicKey,
    kid: createHash('sha256').update(der).digest('base64url'),
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  }
}

/** What `kubernetes.io` holds in a projected token. */
export interface KubernetesClaim {
  namespace: string
  pod?: { name: string; uid: string }
  serviceaccount: { name: string; uid: string }
}

export interface ServiceAccountClaims {
  aud: string[]
  exp: number
  iat: number
  iss: string
  jti: string
  'kubernetes.io': KubernetesClaim
  nbf: number
  sub: string
}

function encode(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url')
}

/** Sign claims as a compact JWS (RS256). */
export function signServiceAccountJwt(key: SigningKey, claims: ServiceAccountClaims): string {
  const input = `${encode({ alg: 'RS256', kid: key.kid })}.${encode(claims)}`
  return `${input}.${sign('sha256', Buffer.from(input), key.privateKey).toString('base64url')}`
}

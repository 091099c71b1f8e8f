/**
 * OIDC discovery and JWKS documents, fetched for real (TLS verified with the
 * configured CA PEM, else the system roots).
 */
import type { JSONWebKeySet } from 'jose'
import { outboundRequest } from '../outbound-http.js'

/** The parts of `/.well-known/openid-configuration` Vault uses. */
export interface ProviderMetadata {
  issuer: string
  authorization_endpoint: string
  token_endpoint: string
  jwks_uri: string
  userinfo_endpoint?: string
}

const PEM_CERT = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/

async function getJson(url: string, caPem: string): Promise<unknown> {
  if (caPem !== '' && !PEM_CERT.test(caPem)) throw new Error('could not parse CA PEM value successfully')
  const reply = await outboundRequest({ method: 'GET', url, headers: { accept: 'application/json' }, ...(caPem === '' ? {} : { caPem }) })
  if (reply.status !== 200) throw new Error(`${reply.status}: ${reply.body}`)
  try {
    return JSON.parse(reply.body)
  } catch (err) {
    throw new Error(`got Content-Type = ${reply.headers['content-type'] ?? ''}, but could not unmarshal as JSON: ${err instanceof Error ? err.message : String(err)}`)
  }
}

/** Fetch `<issuer>/.well-known/openid-configuration` and check it names the same issuer. */
export async function discoverProvider(issuer: string, caPem: string): Promise<ProviderMetadata> {
  const doc = (await getJson(`${issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`, caPem)) as Partial<ProviderMetadata> | null
  if (!doc || typeof doc !== 'object') throw new Error('failed to decode OIDC discovery document')
  if (doc.issuer !== issuer) throw new Error(`issuer did not match the returned issuer, expected ${JSON.stringify(issuer)} got ${JSON.stringify(doc.issuer ?? '')}`)
  return {
    issuer: doc.issuer,
    authorization_endpoint: doc.authorization_endpoint ?? '',
    token_endpoint: doc.token_endpoint ?? '',
    jwks_uri: doc.jwks_uri ?? '',
    ...(doc.userinfo_endpoint ? { userinfo_endpoint: doc.userinfo_endpoint } : {}),
  }
}

/** Fetch a JWKS document. */
export async function fetchJwks(url: string, caPem: string): Promise<JSONWebKeySet> {
  const doc = (await getJson(url, caPem)) as { keys?: unknown } | null
  if (!doc || !Array.isArray(doc.keys)) throw new Error('failed to decode keys')
  return doc as JSONWebKeySet
}

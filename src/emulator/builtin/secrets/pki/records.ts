/**
 * What the PKI engine keeps in its mount's storage, under Vault's own paths:
 * `issuer/<id>`, `key/<id>`, `config/issuers`, `config/urls`, `config/crl`,
 * `certs/<serial>`, `revoked/<serial>`, `crls/<issuer id>`, `role/<name>`.
 */
import type { Storage } from '../../../core/storage.js'

export interface IssuerRecord {
  id: string
  name: string
  /** PEM, with trailing newline trimmed. */
  certificate: string
  /** The key this issuer signs with ('' when Vault has only the certificate). */
  key_id: string
  /** Colon-form serial of the certificate. */
  serial_number: string
  /** `err` (default), `truncate` or `permit`: leaves past the issuer's notAfter. */
  leaf_not_after_behavior: string
}

export interface KeyRecord {
  id: string
  name: string
  type: string
  /** PKCS#8 PEM. */
  private_key: string
}

export interface IssuersConfig {
  default: string
  default_follows_latest_issuer: boolean
}

export interface UrlsConfig {
  issuing_certificates: string[]
  crl_distribution_points: string[]
  ocsp_servers: string[]
  enable_templating: boolean
}

export interface CertRecord {
  /** DER, base64. */
  der: string
}

export interface RevokedRecord {
  /** DER of the revoked certificate, base64. */
  der: string
  revocation_time: number
  revocation_time_rfc3339: string
  issuer_id: string
}

export interface CrlRecord {
  der: string
  number: number
}

function collection<T>(prefix: string) {
  return {
    get: (storage: Storage, id: string): T | undefined => storage.get<T>(prefix + id),
    put: (storage: Storage, id: string, value: T): void => storage.put(prefix + id, value),
    delete: (storage: Storage, id: string): void => storage.delete(prefix + id),
    list: (storage: Storage): string[] => storage.list(prefix).filter((k) => !k.endsWith('/')),
  }
}

export const issuers = collection<IssuerRecord>('issuer/')
export const keys = collection<KeyRecord>('key/')
export const certs = collection<CertRecord>('certs/')
export const revoked = collection<RevokedRecord>('revoked/')
export const crls = collection<CrlRecord>('crls/')

export function readIssuersConfig(storage: Storage): IssuersConfig {
  return storage.get<IssuersConfig>('config/issuers') ?? { default: '', default_follows_latest_issuer: false }
}

export function writeIssuersConfig(storage: Storage, config: IssuersConfig): void {
  storage.put('config/issuers', config)
}

export function readUrlsConfig(storage: Storage): UrlsConfig {
  return storage.get<UrlsConfig>('config/urls') ?? { issuing_certificates: [], crl_distribution_points: [], ocsp_servers: [], enable_templating: false }
}

export function writeUrlsConfig(storage: Storage, config: UrlsConfig): void {
  storage.put('config/urls', config)
}

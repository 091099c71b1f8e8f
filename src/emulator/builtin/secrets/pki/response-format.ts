/**
 * The `format` (`pem`, `der`, `pem_bundle`) and `private_key_format`
 * (`der` → PKCS#1/SEC1, `pkcs8`) choices of Vault's PKI responses.
 */
import type { KeyObject } from 'node:crypto'
import { invalidRequest } from '../../../core/errors.js'
import { pemBlocks } from './cert-factory.js'
import { privateKeyPem } from './key-pairs.js'

export type CertFormat = 'pem' | 'der' | 'pem_bundle'

export function certFormat(format: string, message = 'the "format" path parameter must be "pem", "der", or "pem_bundle"'): CertFormat {
  if (format === 'pem' || format === 'der' || format === 'pem_bundle') return format
  throw invalidRequest(message)
}

/** A PEM certificate in the requested form (DER as base64). */
export function certText(pem: string, format: CertFormat): string {
  if (format !== 'der') return pem
  return pemBlocks(pem, ['CERTIFICATE'])[0]?.der.toString('base64') ?? ''
}

export function keyText(key: KeyObject, format: CertFormat, privateKeyFormat: string): string {
  const pem = privateKeyPem(key, privateKeyFormat === 'pkcs8')
  if (format !== 'der') return pem
  return pemBlocks(pem, ['RSA PRIVATE KEY', 'EC PRIVATE KEY', 'PRIVATE KEY'])[0]?.der.toString('base64') ?? ''
}

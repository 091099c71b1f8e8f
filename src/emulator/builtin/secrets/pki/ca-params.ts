/**
 * The implicit "role" Vault uses when it makes CA certificates (root
 * generation, intermediate CSRs, sign-intermediate): any name, no hostname
 * enforcement, CN optional, subject attributes from the request.
 */
import type { CreationRole } from './creation-params.js'
import { invalidRequest } from '../../../core/errors.js'
import { keyBitsOrDefault, keyTypeLengthError } from './key-pairs.js'
import type { PkiKeyType } from './key-pairs.js'

export interface SubjectInput {
  ou: string[]
  organization: string[]
  country: string[]
  locality: string[]
  province: string[]
  street_address: string[]
  postal_code: string[]
}

export function caRole(subject: SubjectInput, ttl: number, notBeforeDuration: number): CreationRole {
  return {
    ...subject,
    ttl,
    max_ttl: 0,
    allow_any_name: true,
    enforce_hostnames: false,
    allow_localhost: true,
    allow_subdomains: false,
    allow_bare_domains: false,
    allow_glob_domains: false,
    allow_wildcard_certificates: true,
    allowed_domains: [],
    cn_validations: ['disabled'],
    allow_ip_sans: true,
    allowed_uri_sans: ['*'],
    require_cn: false,
    use_csr_common_name: false,
    use_csr_sans: false,
    not_before_duration: notBeforeDuration,
  }
}

/** Validated key type and size for a CA key (Vault's `getKeyTypeAndBitsForRole` plus length checks). */
export function caKeySpec(keyType: string, keyBits: number): { type: PkiKeyType; bits: number } {
  const bits = keyBitsOrDefault(keyType, keyBits)
  const problem = keyTypeLengthError(keyType, bits)
  if (problem) throw invalidRequest(problem)
  if (keyType !== 'rsa' && keyType !== 'ec' && keyType !== 'ed25519') throw invalidRequest(`unknown key type ${keyType}`)
  return { type: keyType, bits }
}

export const AIA_WARNING =
  "This mount hasn't configured any authority information access (AIA) fields; this may make it harder for systems to find missing certificates in the chain or to validate revocation status of certificates. Consider updating /config/urls or the newly generated issuer with this information."
export const NO_SUBJECT_WARNING =
  'This issuer certificate was generated without a Subject; this makes it likely that issuing leaf certs with this certificate will cause TLS validation libraries to reject this certificate.'

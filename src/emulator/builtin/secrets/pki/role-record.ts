/**
 * A PKI role as stored (`role/<name>`) and as `GET pki/roles/<name>` shows it,
 * with Vault's defaults.
 */
import type { Storage } from '../../../core/storage.js'
import type { NamePolicy } from './name-policy.js'
import type { ExtKeyUsageInput } from './key-usage.js'

export interface PkiRole extends NamePolicy, ExtKeyUsageInput {
  ttl: number
  max_ttl: number
  allow_ip_sans: boolean
  allowed_uri_sans: string[]
  key_type: string
  key_bits: number
  signature_bits: number
  use_pss: boolean
  key_usage: string[]
  ou: string[]
  organization: string[]
  country: string[]
  locality: string[]
  province: string[]
  street_address: string[]
  postal_code: string[]
  no_store: boolean
  generate_lease: boolean
  require_cn: boolean
  use_csr_common_name: boolean
  use_csr_sans: boolean
  not_before_duration: number
  issuer_ref: string
  basic_constraints_valid_for_non_ca: boolean
}

export const ROLE_DEFAULTS: PkiRole = {
  ttl: 0,
  max_ttl: 0,
  allow_localhost: true,
  allowed_domains: [],
  allow_bare_domains: false,
  allow_subdomains: false,
  allow_glob_domains: false,
  allow_wildcard_certificates: true,
  allow_any_name: false,
  enforce_hostnames: true,
  allow_ip_sans: true,
  allowed_uri_sans: [],
  server_flag: true,
  client_flag: true,
  code_signing_flag: false,
  email_protection_flag: false,
  key_type: 'rsa',
  key_bits: 0,
  signature_bits: 0,
  use_pss: false,
  key_usage: ['DigitalSignature', 'KeyAgreement', 'KeyEncipherment'],
  ext_key_usage: [],
  ext_key_usage_oids: [],
  ou: [],
  organization: [],
  country: [],
  locality: [],
  province: [],
  street_address: [],
  postal_code: [],
  no_store: false,
  generate_lease: false,
  require_cn: true,
  cn_validations: ['email', 'hostname'],
  use_csr_common_name: true,
  use_csr_sans: true,
  not_before_duration: 30,
  issuer_ref: 'default',
  basic_constraints_valid_for_non_ca: false,
}

export const roles = {
  get: (storage: Storage, name: string): PkiRole | undefined => storage.get<PkiRole>(`role/${name}`),
  put: (storage: Storage, name: string, role: PkiRole): void => storage.put(`role/${name}`, role),
  delete: (storage: Storage, name: string): void => storage.delete(`role/${name}`),
  list: (storage: Storage): string[] => storage.list('role/').filter((k) => !k.endsWith('/')),
}

/** Vault's role read: every field, including ones the emulator only stores defaults for. */
export function roleView(role: PkiRole): Record<string, unknown> {
  const data: Record<string, unknown> = {
    ...role,
    allowed_domains_template: false,
    allow_globs_in_identity_templates: false,
    allow_token_displayname: false,
    allowed_uri_sans_template: false,
    allowed_ip_sans_cidr: [],
    allowed_other_sans: [],
    allowed_serial_numbers: [],
    allowed_user_ids: [],
    policy_identifiers: [],
    not_after: '',
  }
  return Object.fromEntries(Object.entries(data).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
}

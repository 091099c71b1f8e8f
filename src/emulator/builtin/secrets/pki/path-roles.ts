// API: https://developer.hashicorp.com/vault/api-docs/secret/pki#create-update-role
//      https://developer.hashicorp.com/vault/api-docs/secret/pki#read-role
//      https://developer.hashicorp.com/vault/api-docs/secret/pki#list-roles
//      https://developer.hashicorp.com/vault/api-docs/secret/pki#delete-role
import { definePath } from '../../../framework/path.js'
import type { PathDefinition } from '../../../framework/path.js'
import { field } from '../../../framework/fields.js'
import type { FieldSpec } from '../../../framework/fields.js'
import { internalError, invalidRequest } from '../../../core/errors.js'
import type { PkiEngine } from './engine.js'
import { ROLE_DEFAULTS, roleView, roles } from './role-record.js'
import type { PkiRole } from './role-record.js'
import { keyBitsOrDefault, keyTypeLengthError } from './key-pairs.js'
import { resolveIssuerId } from './issuer-store.js'

const list = (doc: string, key: keyof PkiRole) => field.commaList({ doc, default: ROLE_DEFAULTS[key] as string[] })
const flag = (doc: string, key: keyof PkiRole) => field.bool({ doc, default: ROLE_DEFAULTS[key] as boolean })

const roleFields = {
  name: field.string({ doc: 'Name of the role.' }),
  ttl: field.durationSeconds({ doc: 'Default validity of issued certificates (0: the mount default).' }),
  max_ttl: field.durationSeconds({ doc: 'Maximum validity (0: the mount max).' }),
  allow_localhost: flag('Allow localhost and localdomain.', 'allow_localhost'),
  allowed_domains: list('Domains names may belong to.', 'allowed_domains'),
  allow_bare_domains: flag('Allow the allowed domains themselves.', 'allow_bare_domains'),
  allow_subdomains: flag('Allow subdomains of the allowed domains.', 'allow_subdomains'),
  allow_glob_domains: flag('Treat `*` in allowed domains as a glob.', 'allow_glob_domains'),
  allow_wildcard_certificates: flag('Allow wildcard names.', 'allow_wildcard_certificates'),
  allow_any_name: flag('Allow any name.', 'allow_any_name'),
  enforce_hostnames: flag('Only valid hostnames.', 'enforce_hostnames'),
  allow_ip_sans: flag('Allow IP SANs.', 'allow_ip_sans'),
  allowed_uri_sans: list('Allowed URI SANs (globs).', 'allowed_uri_sans'),
  server_flag: flag('serverAuth extended key usage.', 'server_flag'),
  client_flag: flag('clientAuth extended key usage.', 'client_flag'),
  code_signing_flag: flag('codeSigning extended key usage.', 'code_signing_flag'),
  email_protection_flag: flag('emailProtection extended key usage.', 'email_protection_flag'),
  key_type: field.string({ doc: 'rsa, ec, ed25519 or any.', default: ROLE_DEFAULTS.key_type }),
  key_bits: field.int({ doc: 'Key size (0: default for the type).' }),
  signature_bits: field.int({ doc: 'RSA signature hash size (0: 256).' }),
  use_pss: flag('RSA-PSS signatures.', 'use_pss'),
  key_usage: list('Key usages.', 'key_usage'),
  ext_key_usage: list('Extended key usages.', 'ext_key_usage'),
  ext_key_usage_oids: list('Extended key usage OIDs.', 'ext_key_usage_oids'),
  ou: list('OU values.', 'ou'),
  organization: list('O values.', 'organization'),
  country: list('C values.', 'country'),
  locality: list('L values.', 'locality'),
  province: list('ST values.', 'province'),
  street_address: list('Street address values.', 'street_address'),
  postal_code: list('Postal code values.', 'postal_code'),
  no_store: flag('Do not store issued certificates.', 'no_store'),
  generate_lease: flag('Attach a lease to issued certificates.', 'generate_lease'),
  require_cn: flag('Require a common name.', 'require_cn'),
  cn_validations: list('email, hostname or disabled.', 'cn_validations'),
  use_csr_common_name: flag('sign: take the CN from the CSR.', 'use_csr_common_name'),
  use_csr_sans: flag('sign: take the SANs from the CSR.', 'use_csr_sans'),
  not_before_duration: field.durationSeconds({ doc: 'Backdating of notBefore.', default: ROLE_DEFAULTS.not_before_duration }),
  issuer_ref: field.string({ doc: 'Issuer that signs (default: the default issuer).', default: ROLE_DEFAULTS.issuer_ref }),
  basic_constraints_valid_for_non_ca: flag('Mark leaves CA:FALSE.', 'basic_constraints_valid_for_non_ca'),
} satisfies Record<string, FieldSpec>

/** Vault's checkCNValidations (its errors come back as bare errors: 500). */
function cnValidations(values: string[]): string[] {
  if (values.length === 0) return ['email', 'hostname']
  const seen = new Set<string>()
  for (const raw of values) {
    const v = raw.toLowerCase()
    if (!['disabled', 'email', 'hostname'].includes(v)) throw internalError(`cn_validations value incorrect: unknown type: \`${raw}\``)
    if (seen.has(v)) throw internalError(`cn_validations value incorrect: \`${v}\` specified multiple times`)
    seen.add(v)
  }
  if (seen.has('disabled') && seen.size > 1) throw internalError('cn_validations value incorrect: cannot specify `disabled` along with `email` or `hostname`')
  return values.map((v) => v.toLowerCase())
}

function signatureBits(keyType: string, keyBits: number, bits: number): number {
  if (keyType === 'ec') return keyBits === 384 ? 384 : keyBits === 521 ? 512 : 256
  if (keyType !== 'rsa') return 0
  const result = bits === 0 ? 256 : bits
  if (![256, 384, 512].includes(result)) throw invalidRequest(`unsupported hash signature algorithm: ${result}`)
  return result
}

export function rolePaths(engine: PkiEngine): PathDefinition[] {
  return [
    definePath({
      pattern: 'roles/',
      operations: { list: () => ({ data: { keys: roles.list(engine.storage) } }) },
      synopsis: 'List the roles.',
    }),
    definePath({
      pattern: 'roles/:name',
      fields: roleFields,
      existenceCheck: ({ raw }) => typeof raw['name'] === 'string' && roles.get(engine.storage, raw['name']) !== undefined,
      operations: {
        read: ({ data }) => {
          const role = roles.get(engine.storage, data.name)
          return role ? { data: roleView(role) } : undefined
        },
        // A write replaces the role: fields not sent take their defaults (PATCH is what merges, in Vault).
        update: ({ data }) => {
          const { name, ...fields } = data
          const role: PkiRole = { ...fields }
          if (role.max_ttl > 0 && role.ttl > role.max_ttl) throw invalidRequest('"ttl" value must be less than "max_ttl" value')
          role.key_bits = keyBitsOrDefault(role.key_type, role.key_bits)
          const problem = keyTypeLengthError(role.key_type, role.key_bits)
          if (problem) throw invalidRequest(problem)
          role.signature_bits = signatureBits(role.key_type, role.key_bits, role.signature_bits)
          if (role.issuer_ref === '') role.issuer_ref = 'default'
          role.cn_validations = cnValidations(role.cn_validations)
          if (role.no_store) role.generate_lease = false
          const warnings: string[] = []
          try {
            resolveIssuerId(engine.storage, role.issuer_ref)
          } catch {
            warnings.push(
              role.issuer_ref === 'default'
                ? 'Issuing Certificate was set to default, but no default issuing certificate (configurable at /config/issuers) is currently set'
                : `Issuing Certificate was set to ${role.issuer_ref} but no issuing certificate currently has that name`,
            )
          }
          roles.put(engine.storage, name, role)
          return { data: roleView(role), ...(warnings.length ? { warnings } : {}) }
        },
        delete: ({ data }) => {
          roles.delete(engine.storage, data.name)
          return undefined
        },
      },
      synopsis: 'Manage the roles certificates are issued under.',
    }),
  ]
}

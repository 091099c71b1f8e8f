// API: https://developer.hashicorp.com/vault/api-docs/secret/pki#generate-certificate-and-key
//      https://developer.hashicorp.com/vault/api-docs/secret/pki#sign-certificate
import { definePath } from '../../../framework/path.js'
import type { PathDefinition } from '../../../framework/path.js'
import { field } from '../../../framework/fields.js'
import { invalidRequest } from '../../../core/errors.js'
import type { LogicalResponse } from '../../../core/request.js'
import type { PkiEngine } from './engine.js'
import { nameFields } from './pki-fields.js'
import { roles } from './role-record.js'
import type { PkiRole } from './role-record.js'
import { issueLeaf } from './issue-leaf.js'
import type { IssuedLeaf } from './issue-leaf.js'
import { checkCsrKey, parseCsr } from './csr.js'
import { keyBitsOrDefault, keyTypeLengthError, keyTypeOf } from './key-pairs.js'
import { certFormat, certText, keyText } from './response-format.js'
import type { CertFormat } from './response-format.js'
import { pkiHandled } from './pki-error.js'
import { CERT_SECRET } from './secret-cert.js'

function respond(engine: PkiEngine, role: PkiRole, leaf: IssuedLeaf, format: CertFormat, privateKeyFormat: string, warnings: string[]): LogicalResponse {
  const certificate = certText(leaf.pem, format)
  const data: Record<string, unknown> = {
    ca_chain: leaf.caChain.map((pem) => certText(pem, format)),
    certificate: format === 'pem_bundle' ? [leaf.privateKey ? keyText(leaf.privateKey, format, privateKeyFormat) : undefined, leaf.pem, ...leaf.caChain].filter((p) => p !== undefined).join('\n') : certificate,
    expiration: Math.floor(leaf.notAfterMs / 1000),
    issuing_ca: certText(leaf.issuer.record.certificate, format),
    serial_number: leaf.serialNumber,
  }
  if (leaf.privateKey) {
    data['private_key'] = keyText(leaf.privateKey, format, privateKeyFormat)
    data['private_key_type'] = keyTypeOf(leaf.privateKey)
  }
  const all = [...warnings, ...leaf.warnings]
  const response: LogicalResponse = { data, ...(all.length ? { warnings: all } : {}) }
  if (role.generate_lease) {
    const ttl = Math.max(1, Math.floor((leaf.notAfterMs - engine.clock.now()) / 1000))
    response.secret = { type: CERT_SECRET, internal: { serial_number: leaf.serialNumber }, ttl, renewable: false }
  }
  return response
}

function roleOrError(engine: PkiEngine, name: string): PkiRole {
  const role = roles.get(engine.storage, name)
  if (!role) throw invalidRequest(`unknown role: ${name}`)
  return role
}

export function issuePaths(engine: PkiEngine): PathDefinition[] {
  return [
    definePath({
      pattern: 'issue/:role',
      fields: {
        role: field.string({ doc: 'Role to issue under.' }),
        ...nameFields,
        key_type: field.string({ doc: 'Key type, for roles with key_type=any.' }),
        key_bits: field.int({ doc: 'Key size, for roles with key_type=any.' }),
      },
      operations: {
        update: ({ data, has }) =>
          pkiHandled(async () => {
            const role = { ...roleOrError(engine, data.role) }
            const warnings: string[] = []
            if (role.key_type === 'any') {
              if (!has('key_type')) throw invalidRequest('role key type "any" not allowed for issuing certificates without providing key_type and/or key_bits request parameters')
              role.key_type = data.key_type
              role.key_bits = keyBitsOrDefault(data.key_type, has('key_bits') ? data.key_bits : 0)
              const problem = keyTypeLengthError(role.key_type, role.key_bits)
              if (problem) throw invalidRequest(problem)
            } else if (has('key_type') || has('key_bits')) {
              warnings.push('parameters key_type and key_bits ignored as role had specific values')
            }
            const format = certFormat(data.format)
            const leaf = await issueLeaf(engine, role, data)
            return respond(engine, role, leaf, format, data.private_key_format, warnings)
          }),
      },
      synopsis: 'Issue a certificate and private key under a role.',
    }),
    definePath({
      pattern: 'sign/:role',
      fields: {
        role: field.string({ doc: 'Role to sign under.' }),
        csr: field.string({ doc: 'PEM certificate signing request.' }),
        ...nameFields,
      },
      operations: {
        update: ({ data }) =>
          pkiHandled(async () => {
            const role = roleOrError(engine, data.role)
            const format = certFormat(data.format)
            const csr = parseCsr(data.csr)
            checkCsrKey(csr, role.key_type, role.key_bits)
            const leaf = await issueLeaf(engine, role, data, csr)
            const warnings: string[] = []
            if (role.use_csr_common_name && data.common_name !== '') warnings.push('the common_name field was provided but the role is set with "use_csr_common_name" set to true')
            if (role.use_csr_sans && data.alt_names !== '') warnings.push('the alt_names field was provided but the role is set with "use_csr_sans" set to true')
            return respond(engine, role, leaf, format, data.private_key_format, warnings)
          }),
      },
      synopsis: "Sign a CSR under a role (the key never reaches Vault).",
    }),
  ]
}

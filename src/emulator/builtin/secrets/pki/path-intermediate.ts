// API: https://developer.hashicorp.com/vault/api-docs/secret/pki#generate-intermediate-csr
//      https://developer.hashicorp.com/vault/api-docs/secret/pki#import-ca-certificates-and-keys
import { definePath } from '../../../framework/path.js'
import type { PathDefinition } from '../../../framework/path.js'
import { field } from '../../../framework/fields.js'
import { invalidRequest } from '../../../core/errors.js'
import type { PkiEngine } from './engine.js'
import { keyFields, nameFields, subjectFields } from './pki-fields.js'
import { AIA_WARNING, caKeySpec, caRole } from './ca-params.js'
import { creationParams } from './creation-params.js'
import { generateKeys, signingAlgorithm, signingCryptoKey, verifyingCryptoKey } from './key-pairs.js'
import { derToPem, jsonName, pemBlocks } from './cert-factory.js'
import { x509 } from './x509-runtime.js'
import { importIssuer, saveKey } from './issuer-store.js'
import { readUrlsConfig } from './records.js'
import { buildCrl } from './crl-builder.js'
import { certFormat, keyText } from './response-format.js'
import { pkiHandled } from './pki-error.js'

export function intermediatePaths(engine: PkiEngine): PathDefinition[] {
  return [
    definePath({
      pattern: 'intermediate/generate/:exported',
      fields: {
        exported: field.string({ doc: 'internal (key stays in Vault) or exported (key returned once).' }),
        ...nameFields,
        ...subjectFields,
        ...keyFields,
      },
      operations: {
        update: ({ data }) =>
          pkiHandled(() =>
            engine.serialised(async () => {
              if (data.exported !== 'internal' && data.exported !== 'exported') {
                throw invalidRequest('the "exported" path parameter must be "internal", "existing", exported" or "kms"')
              }
              const format = certFormat(data.format)
              const keySpec = caKeySpec(data.key_type, data.key_bits)
              const params = creationParams(caRole(data, 0, 30), { ...data, ttl: 0, not_after: '' }, undefined, {
                mount: engine.mountTtls,
                nowMs: engine.clock.now(),
              })
              const pair = await generateKeys(keySpec.type, keySpec.bits)
              const sans: x509.JsonGeneralName[] = [
                ...params.dnsNames.map((value) => ({ type: 'dns' as const, value })),
                ...params.emails.map((value) => ({ type: 'email' as const, value })),
                ...params.ipAddresses.map((value) => ({ type: 'ip' as const, value })),
              ]
              const csr = await x509.Pkcs10CertificateRequestGenerator.create({
                name: jsonName(params.subject),
                keys: {
                  privateKey: (await signingCryptoKey(pair.privateKey, data.signature_bits)) as unknown as CryptoKey,
                  publicKey: verifyingCryptoKey(pair.publicKey, data.signature_bits) as unknown as CryptoKey,
                },
                signingAlgorithm: signingAlgorithm(pair.privateKey, data.signature_bits) as Algorithm,
                extensions: [new x509.BasicConstraintsExtension(true, undefined, true), ...(sans.length ? [new x509.SubjectAlternativeNameExtension(sans)] : [])],
              })
              const der = Buffer.from(csr.rawData)
              const key = saveKey(engine.storage, pair.privateKey, data.key_name)
              const out: Record<string, unknown> = { csr: format === 'der' ? der.toString('base64') : derToPem(der, 'CERTIFICATE REQUEST') }
              if (data.exported === 'exported') {
                out['private_key'] = keyText(pair.privateKey, format, data.private_key_format)
                out['private_key_type'] = keySpec.type
                if (format === 'pem_bundle') out['csr'] = `${String(out['private_key'])}\n${String(out['csr'])}`
              }
              out['key_id'] = key.id
              const urls = readUrlsConfig(engine.storage)
              const warnings = urls.issuing_certificates.length + urls.crl_distribution_points.length + urls.ocsp_servers.length === 0
                ? [`${AIA_WARNING} Since this certificate is an intermediate, it might be useful to regenerate this certificate after fixing this problem for the root mount.`]
                : []
              return { data: out, ...(warnings.length ? { warnings } : {}) }
            }),
          ),
      },
      synopsis: 'Generate a new private key and a CSR for signing by a parent CA.',
    }),
    definePath({
      pattern: 'intermediate/set-signed',
      fields: { certificate: field.string({ doc: 'PEM certificate(s): the signed intermediate, optionally with its chain.' }) },
      operations: {
        update: ({ data }) =>
          pkiHandled(() =>
            engine.serialised(async () => {
              if (data.certificate === '') throw invalidRequest("'pem_bundle' and 'certificate' parameters were empty")
              if (data.certificate.length < 75) throw invalidRequest('provided data for import was too short; perhaps a path was passed to the API rather than the contents of a PEM file')
              const blocks = pemBlocks(data.certificate, ['CERTIFICATE', 'X509 CERTIFICATE'])
              if (blocks.length === 0) throw invalidRequest('error when parsing block 0: invalid PEM data')
              const imported: string[] = []
              const existing: string[] = []
              const mapping: Record<string, string> = {}
              for (const block of blocks) {
                const { record, existing: found } = importIssuer(engine.storage, block.der)
                ;(found ? existing : imported).push(record.id)
                mapping[record.id] = record.key_id
              }
              for (const id of imported) await buildCrl(engine.storage, id, engine.clock.now())
              return {
                data: {
                  existing_issuers: existing.length ? existing : null,
                  existing_keys: null,
                  imported_issuers: imported.length ? imported : null,
                  imported_keys: null,
                  mapping,
                },
              }
            }),
          ),
      },
      synopsis: 'Provide the signed intermediate CA certificate.',
    }),
  ]
}

// API: https://developer.hashicorp.com/vault/api-docs/secret/pki#generate-root
//      https://developer.hashicorp.com/vault/api-docs/secret/pki#delete-all-issuers-and-keys
import { definePath } from '../../../framework/path.js'
import type { PathDefinition } from '../../../framework/path.js'
import { field } from '../../../framework/fields.js'
import { invalidRequest } from '../../../core/errors.js'
import type { PkiEngine } from './engine.js'
import { keyFields, nameFields, subjectFields } from './pki-fields.js'
import { AIA_WARNING, NO_SUBJECT_WARNING, caKeySpec, caRole } from './ca-params.js'
import { creationParams } from './creation-params.js'
import { generateKeys } from './key-pairs.js'
import { buildCertificate } from './cert-factory.js'
import { x509 } from './x509-runtime.js'
import { importIssuer, saveKey } from './issuer-store.js'
import { certs, crls, issuers, keys, readIssuersConfig, readUrlsConfig, writeIssuersConfig } from './records.js'
import { buildCrl } from './crl-builder.js'
import { colonSerial, newSerialHex, storageSerial } from './serial.js'
import { certFormat, certText, keyText } from './response-format.js'
import { pkiHandled } from './pki-error.js'

const CA_KEY_USAGE = x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign

export function rootPaths(engine: PkiEngine): PathDefinition[] {
  return [
    definePath({
      pattern: 'root/generate/:exported',
      fields: {
        exported: field.string({ doc: 'internal (key stays in Vault) or exported (key returned once).' }),
        ...nameFields,
        ...subjectFields,
        ...keyFields,
        max_path_length: field.int({ doc: 'Max CA path length (-1: unlimited).', default: -1 }),
        not_before_duration: field.durationSeconds({ doc: 'Backdating of notBefore.', default: 30 }),
        issuer_name: field.string({ doc: 'Name for the new issuer.' }),
      },
      operations: {
        update: ({ data }) =>
          pkiHandled(() =>
            engine.serialised(async () => {
              if (!['internal', 'exported', 'existing', 'kms'].includes(data.exported)) {
                throw invalidRequest('the "exported" path parameter must be "internal", "existing", exported" or "kms"')
              }
              if (data.exported === 'existing' || data.exported === 'kms') throw invalidRequest(`vault-emu: root generation of type "${data.exported}" is not supported; use "internal" or "exported"`)
              const format = certFormat(data.format)
              const keySpec = caKeySpec(data.key_type, data.key_bits)
              const storage = engine.storage
              if (data.issuer_name !== '' && issuers.list(storage).some((id) => issuers.get(storage, id)?.name === data.issuer_name)) {
                throw invalidRequest('issuer name already in use')
              }
              const nowMs = engine.clock.now()
              const params = creationParams(caRole(data, data.ttl, data.not_before_duration), data, undefined, { mount: engine.mountTtls, nowMs })
              const pair = await generateKeys(keySpec.type, keySpec.bits)
              const urls = readUrlsConfig(storage)
              const serialHex = newSerialHex()
              const built = await buildCertificate({
                serialHex,
                subject: params.subject,
                subjectKey: pair.publicKey,
                notBeforeMs: params.notBeforeMs,
                notAfterMs: params.notAfterMs,
                isCA: true,
                maxPathLength: data.max_path_length,
                keyUsage: CA_KEY_USAGE,
                extKeyUsage: [],
                dnsNames: params.dnsNames,
                emails: params.emails,
                ipAddresses: params.ipAddresses,
                uris: params.uris,
                urls,
                signer: { key: pair.privateKey, signatureBits: data.signature_bits },
              })
              const key = saveKey(storage, pair.privateKey, data.key_name)
              const { record } = importIssuer(storage, built.der, data.issuer_name)
              const issuersConfig = readIssuersConfig(storage)
              if (issuersConfig.default_follows_latest_issuer) writeIssuersConfig(storage, { ...issuersConfig, default: record.id })
              const serialNumber = colonSerial(serialHex)
              certs.put(storage, storageSerial(serialNumber), { der: built.der.toString('base64') })
              await buildCrl(storage, record.id, nowMs)

              const warnings = [...params.warnings]
              const subjectEmpty = params.subject.common_name === '' && [data.ou, data.organization, data.country, data.locality, data.province, data.street_address, data.postal_code].every((v) => v.length === 0)
              if (subjectEmpty) warnings.push(NO_SUBJECT_WARNING)
              if (urls.issuing_certificates.length + urls.crl_distribution_points.length + urls.ocsp_servers.length === 0) warnings.push(AIA_WARNING)
              if (data.max_path_length === 0) warnings.push('Max path length of the generated certificate is zero. This certificate cannot be used to issue intermediate CA certificates.')

              const exported = data.exported === 'exported'
              const certificate = certText(built.pem, format)
              const out: Record<string, unknown> = {
                certificate: format === 'pem_bundle' && exported ? `${keyText(pair.privateKey, format, data.private_key_format)}\n${built.pem}` : certificate,
                expiration: Math.floor(params.notAfterMs / 1000),
                issuing_ca: certificate,
                serial_number: serialNumber,
              }
              if (exported) {
                out['private_key'] = keyText(pair.privateKey, format, data.private_key_format)
                out['private_key_type'] = keySpec.type
              }
              Object.assign(out, { issuer_id: record.id, issuer_name: record.name, key_id: key.id, key_name: key.name })
              return { data: out, ...(warnings.length ? { warnings } : {}) }
            }),
          ),
      },
      synopsis: 'Generate a new self-signed CA certificate and private key.',
    }),
    definePath({
      pattern: 'root',
      operations: {
        delete: () =>
          engine.serialised(() => {
            const storage = engine.storage
            for (const id of issuers.list(storage)) {
              issuers.delete(storage, id)
              crls.delete(storage, id)
            }
            for (const id of keys.list(storage)) keys.delete(storage, id)
            writeIssuersConfig(storage, { default: '', default_follows_latest_issuer: false })
            return undefined
          }),
      },
      synopsis: 'Delete every issuer and key of this mount.',
    }),
  ]
}

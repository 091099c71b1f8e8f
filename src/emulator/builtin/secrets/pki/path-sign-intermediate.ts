// API: https://developer.hashicorp.com/vault/api-docs/secret/pki#sign-intermediate
import { definePath } from '../../../framework/path.js'
import type { PathDefinition } from '../../../framework/path.js'
import { field } from '../../../framework/fields.js'
import { internalError } from '../../../core/errors.js'
import type { PkiEngine } from './engine.js'
import { nameFields, subjectFields } from './pki-fields.js'
import { AIA_WARNING, NO_SUBJECT_WARNING, caRole } from './ca-params.js'
import { creationParams } from './creation-params.js'
import { parseCsr } from './csr.js'
import { buildCertificate } from './cert-factory.js'
import { x509 } from './x509-runtime.js'
import { issuerChain, signingIssuer } from './issuer-store.js'
import { certs, readUrlsConfig } from './records.js'
import { colonSerial, newSerialHex, storageSerial } from './serial.js'
import { certFormat, certText } from './response-format.js'
import { pkiHandled } from './pki-error.js'

/** The path length a CA signed by `parent` gets by default: one less, unless unconstrained. */
function childPathLength(parent: x509.X509Certificate): number {
  const constraints = parent.getExtension(x509.BasicConstraintsExtension)
  const length = constraints?.pathLength
  if (length === undefined) return -1
  return Math.max(length - 1, 0)
}

export function signIntermediatePaths(engine: PkiEngine): PathDefinition[] {
  return [
    definePath({
      pattern: 'root/sign-intermediate',
      fields: {
        csr: field.string({ doc: 'PEM CSR of the intermediate.' }),
        ...nameFields,
        ...subjectFields,
        issuer_ref: field.string({ doc: 'Issuer to sign with.', default: 'default' }),
        max_path_length: field.int({ doc: 'Max path length (-1 or absent: one less than the issuer).', default: -1 }),
        use_csr_values: field.bool({ doc: "Take the subject and SANs from the CSR instead of the request." }),
        not_before_duration: field.durationSeconds({ doc: 'Backdating of notBefore.', default: 30 }),
        signature_bits: field.int({ doc: 'RSA signature hash size.' }),
      },
      operations: {
        update: ({ data, has }) =>
          pkiHandled(() =>
            engine.serialised(async () => {
              const format = certFormat(data.format, 'The "format" path parameter must be "pem" or "der"')
              let signer: ReturnType<typeof signingIssuer>
              try {
                signer = signingIssuer(engine.storage, data.issuer_ref)
              } catch (err) {
                throw internalError(`could not fetch the CA certificate (was one set?): ${err instanceof Error ? err.message : String(err)}`)
              }
              const csr = parseCsr(data.csr)
              const role = { ...caRole(data, data.ttl, data.not_before_duration), use_csr_common_name: data.common_name === '' || data.use_csr_values, use_csr_sans: data.use_csr_values }
              const nowMs = engine.clock.now()
              const caNotAfterMs = signer.issuer.cert.validToDate.getTime()
              const params = creationParams(role, data, csr.names, { mount: engine.mountTtls, nowMs, ca: { notAfterMs: caNotAfterMs, behavior: 'permit' } })
              const parent = new x509.X509Certificate(new Uint8Array(signer.issuer.der))
              const maxPathLength = has('max_path_length') ? data.max_path_length : childPathLength(parent)
              const urls = readUrlsConfig(engine.storage)
              const serialHex = newSerialHex()
              const built = await buildCertificate({
                serialHex,
                subject: params.subject,
                subjectKey: csr.publicKey,
                notBeforeMs: params.notBeforeMs,
                notAfterMs: params.notAfterMs,
                isCA: true,
                maxPathLength,
                keyUsage: x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign,
                extKeyUsage: [],
                dnsNames: params.dnsNames,
                emails: params.emails,
                ipAddresses: params.ipAddresses,
                uris: params.uris,
                urls,
                signer: { key: signer.key, certificate: signer.issuer.der, signatureBits: data.signature_bits },
              })
              const serialNumber = colonSerial(serialHex)
              certs.put(engine.storage, storageSerial(serialNumber), { der: built.der.toString('base64') })
              const parents = issuerChain(engine.storage, signer.issuer).map((i) => i.record.certificate)
              const chain = [built.pem, ...parents]

              const warnings: string[] = []
              if (params.notAfterMs > caNotAfterMs) {
                warnings.push("The expiration time for the signed certificate is after the CA's expiration time. If the new certificate is not treated as a root, validation paths with the certificate past the issuing CA's expiration time will fail.")
              }
              if (params.subject.common_name === '' && [data.ou, data.organization, data.country].every((v) => v.length === 0)) warnings.push(NO_SUBJECT_WARNING)
              if (urls.issuing_certificates.length + urls.crl_distribution_points.length + urls.ocsp_servers.length === 0) warnings.push(AIA_WARNING)
              if (maxPathLength === 0) warnings.push('Max path length of the signed certificate is zero. This certificate cannot be used to issue intermediate CA certificates.')
              warnings.push(...params.warnings)
              return {
                data: {
                  ca_chain: chain.map((pem) => certText(pem, format)),
                  certificate: format === 'pem_bundle' ? chain.join('\n') : certText(built.pem, format),
                  expiration: Math.floor(params.notAfterMs / 1000),
                  issuing_ca: certText(signer.issuer.record.certificate, format),
                  serial_number: serialNumber,
                },
                ...(warnings.length ? { warnings } : {}),
              }
            }),
          ),
      },
      synopsis: 'Issue an intermediate CA certificate from a CSR.',
    }),
  ]
}

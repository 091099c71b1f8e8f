// API: https://developer.hashicorp.com/vault/api-docs/secret/pki#revoke-certificate
//      https://developer.hashicorp.com/vault/api-docs/secret/pki#rotate-crls
import { X509Certificate } from 'node:crypto'
import { definePath } from '../../../framework/path.js'
import type { PathDefinition } from '../../../framework/path.js'
import { field } from '../../../framework/fields.js'
import { invalidRequest } from '../../../core/errors.js'
import type { PkiEngine } from './engine.js'
import { certs } from './records.js'
import { revokeCertificate } from './revocation.js'
import { rebuildAllCrls } from './crl-builder.js'
import { pemBlocks } from './cert-factory.js'
import { colonSerial, storageSerial } from './serial.js'
import { pkiHandled, pkiUserError } from './pki-error.js'

function certificateOf(engine: PkiEngine, serial: string, certificate: string): X509Certificate {
  if (certificate !== '') {
    if (certificate.length < 75) throw pkiUserError('provided certificate data was too short; perhaps a path was passed to the API rather than the contents of a PEM file')
    const block = pemBlocks(certificate, ['CERTIFICATE'])[0]
    if (!block) throw pkiUserError('certificate contains no PEM data')
    const given = new X509Certificate(block.der)
    const stored = certs.get(engine.storage, storageSerial(colonSerial(given.serialNumber)))
    if (!stored) throw pkiUserError('unable to verify signature on presented cert from any present issuer in this mount; certificates from previous CAs will need to have their issuing CA and key re-imported if revocation is necessary')
    return given
  }
  if (serial === '') throw invalidRequest('The serial number must be provided')
  const stored = certs.get(engine.storage, storageSerial(serial))
  if (!stored) throw invalidRequest(`certificate with serial ${serial} not found.`)
  return new X509Certificate(Buffer.from(stored.der, 'base64'))
}

export function revokePaths(engine: PkiEngine): PathDefinition[] {
  return [
    definePath({
      pattern: 'revoke',
      fields: {
        serial_number: field.string({ doc: 'Serial of the certificate (colon or hyphen separated).' }),
        certificate: field.string({ doc: 'Or the certificate itself, PEM.' }),
      },
      operations: {
        update: ({ data, has }) =>
          pkiHandled(() =>
            engine.serialised(async () => {
              if (!has('serial_number') && !has('certificate')) throw invalidRequest('The serial number or certificate to revoke must be provided.')
              if (has('serial_number') && has('certificate')) throw invalidRequest('Must provide either the certificate or the serial to revoke; not both.')
              const outcome = await revokeCertificate(engine, certificateOf(engine, data.serial_number, data.certificate))
              return { ...(outcome.data ? { data: outcome.data } : {}), ...(outcome.warnings.length ? { warnings: outcome.warnings } : {}) }
            }),
          ),
      },
      synopsis: 'Revoke a certificate by serial number.',
    }),
    definePath({
      pattern: 'crl/rotate',
      operations: {
        read: () =>
          pkiHandled(() =>
            engine.serialised(async () => {
              await rebuildAllCrls(engine.storage, engine.clock.now())
              return { data: { success: true } }
            }),
          ),
      },
      synopsis: 'Rebuild the CRLs now.',
    }),
  ]
}

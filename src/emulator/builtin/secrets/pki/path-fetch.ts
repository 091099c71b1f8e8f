// API: https://developer.hashicorp.com/vault/api-docs/secret/pki#read-issuer-certificate
//      https://developer.hashicorp.com/vault/api-docs/secret/pki#read-issuer-ca-chain
//      https://developer.hashicorp.com/vault/api-docs/secret/pki#read-issuer-crl
//      https://developer.hashicorp.com/vault/api-docs/secret/pki#read-certificate
//      https://developer.hashicorp.com/vault/api-docs/secret/pki#list-certificates
import { definePath } from '../../../framework/path.js'
import type { PathDefinition } from '../../../framework/path.js'
import { field } from '../../../framework/fields.js'
import type { LogicalResponse } from '../../../core/request.js'
import type { PkiEngine } from './engine.js'
import { certs, readIssuersConfig, revoked } from './records.js'
import { issuerChain, loadIssuer } from './issuer-store.js'
import type { LoadedIssuer } from './issuer-store.js'
import { crlOf, crlPem } from './crl-builder.js'
import { derToPem } from './cert-factory.js'
import { storageSerial } from './serial.js'

/** A raw body; an empty one is Vault's 204 (no CA configured, no CRL yet). */
function raw(contentType: string, body: string | Buffer): LogicalResponse {
  return { raw: { status: body.length > 0 ? 200 : 204, contentType, body: typeof body === 'string' ? body : new Uint8Array(body) } }
}

function defaultIssuer(engine: PkiEngine): LoadedIssuer | undefined {
  const id = readIssuersConfig(engine.storage).default
  return id === '' ? undefined : loadIssuer(engine.storage, id)
}

function chainText(engine: PkiEngine): string {
  const issuer = defaultIssuer(engine)
  return issuer ? issuerChain(engine.storage, issuer).map((i) => i.record.certificate).join('\n') : ''
}

async function defaultCrl(engine: PkiEngine): Promise<Buffer> {
  const issuer = defaultIssuer(engine)
  const crl = issuer ? await crlOf(engine.storage, issuer.record.id, engine.clock.now()) : undefined
  return crl ? Buffer.from(crl.der, 'base64') : Buffer.alloc(0)
}

function certJson(certificate: string, extra: Record<string, unknown> = {}): LogicalResponse {
  return { data: { certificate, revocation_time: 0, revocation_time_rfc3339: '', ...extra } }
}

export function fetchPaths(engine: PkiEngine): PathDefinition[] {
  return [
    definePath({ pattern: 'ca', operations: { read: () => raw('application/pkix-cert', defaultIssuer(engine)?.der ?? Buffer.alloc(0)) } }),
    definePath({ pattern: 'ca/pem', operations: { read: () => raw('application/pem-certificate-chain', defaultIssuer(engine)?.record.certificate ?? '') } }),
    definePath({ pattern: 'ca_chain', operations: { read: () => raw('application/pkix-cert', chainText(engine)) } }),
    definePath({ pattern: 'crl', operations: { read: async () => raw('application/pkix-crl', await defaultCrl(engine)) } }),
    definePath({
      pattern: 'crl/pem',
      operations: {
        read: async () => {
          const der = await defaultCrl(engine)
          return raw('application/x-pem-file', der.length ? crlPem({ der: der.toString('base64'), number: 0 }) : '')
        },
      },
    }),
    definePath({ pattern: 'cert/ca', operations: { read: () => certJson(defaultIssuer(engine)?.record.certificate ?? '') } }),
    definePath({
      pattern: 'cert/ca_chain',
      operations: {
        read: () => {
          const chain = chainText(engine)
          return certJson(chain, chain ? { ca_chain: chain } : {})
        },
      },
    }),
    definePath({
      pattern: 'cert/crl',
      operations: {
        read: async () => {
          const der = await defaultCrl(engine)
          return certJson(der.length ? derToPem(der, 'X509 CRL') : '')
        },
      },
    }),
    definePath({
      pattern: 'cert/:serial/raw/:pem?',
      fields: { serial: field.string({ doc: 'Serial number.' }), pem: field.string({ doc: '`pem` for PEM.' }) },
      operations: {
        read: ({ data }) => {
          if (data.pem !== '' && data.pem !== 'pem') return undefined
          const stored = certs.get(engine.storage, storageSerial(data.serial))
          if (!stored) return undefined
          const der = Buffer.from(stored.der, 'base64')
          return data.pem === 'pem' ? raw('application/pem-certificate-chain', derToPem(der, 'CERTIFICATE')) : raw('application/pkix-cert', der)
        },
      },
    }),
    definePath({
      pattern: 'cert/:serial',
      fields: { serial: field.string({ doc: 'Serial number (colon or hyphen separated).' }) },
      operations: {
        read: ({ data }) => {
          const key = storageSerial(data.serial)
          const stored = certs.get(engine.storage, key)
          if (!stored) return undefined
          const revocation = revoked.get(engine.storage, key)
          return certJson(
            derToPem(Buffer.from(stored.der, 'base64'), 'CERTIFICATE'),
            revocation
              ? { revocation_time: revocation.revocation_time, revocation_time_rfc3339: revocation.revocation_time_rfc3339, ...(revocation.issuer_id ? { issuer_id: revocation.issuer_id } : {}) }
              : {},
          )
        },
      },
      synopsis: 'Read a certificate by serial number (no token needed).',
    }),
    definePath({ pattern: 'certs/', operations: { list: () => ({ data: { keys: certs.list(engine.storage) } }) } }),
    definePath({ pattern: 'certs/revoked/', operations: { list: () => ({ data: { keys: revoked.list(engine.storage) } }) } }),
  ]
}

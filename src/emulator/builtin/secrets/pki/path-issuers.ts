// API: https://developer.hashicorp.com/vault/api-docs/secret/pki#list-issuers
//      https://developer.hashicorp.com/vault/api-docs/secret/pki#read-issuer
import { definePath } from '../../../framework/path.js'
import type { PathDefinition } from '../../../framework/path.js'
import { field } from '../../../framework/fields.js'
import type { PkiEngine } from './engine.js'
import { issuers, readIssuersConfig } from './records.js'
import { issuerChain, loadIssuer, resolveIssuerId } from './issuer-store.js'
import { PkiUserError } from './pki-error.js'

export function issuerPaths(engine: PkiEngine): PathDefinition[] {
  return [
    definePath({
      pattern: 'issuers/',
      operations: {
        list: () => {
          const ids = issuers.list(engine.storage)
          const defaultId = readIssuersConfig(engine.storage).default
          const keyInfo = Object.fromEntries(
            ids.map((id) => {
              const record = issuers.get(engine.storage, id)
              return [id, { is_default: id === defaultId, issuer_name: record?.name ?? '', key_id: record?.key_id ?? '', serial_number: record?.serial_number ?? '' }]
            }),
          )
          return { data: { keys: ids, key_info: keyInfo } }
        },
      },
      synopsis: 'List the issuers of this mount (no token needed).',
    }),
    definePath({
      pattern: 'issuer/:issuer_ref/:format?',
      fields: {
        issuer_ref: field.string({ doc: 'Issuer id or name, or `default`.' }),
        format: field.string({ doc: 'json (default), pem or der.' }),
      },
      operations: {
        read: ({ data }) => {
          let id: string
          try {
            id = resolveIssuerId(engine.storage, data.issuer_ref)
          } catch (err) {
            if (err instanceof PkiUserError) return undefined
            throw err
          }
          const issuer = loadIssuer(engine.storage, id)
          if (!issuer) return undefined
          const chain = issuerChain(engine.storage, issuer).map((i) => i.record.certificate)
          if (data.format === 'pem') return { raw: { status: 200, contentType: 'application/pem-certificate-chain', body: `${issuer.record.certificate}\n` } }
          if (data.format === 'der') return { raw: { status: 200, contentType: 'application/pkix-cert', body: new Uint8Array(issuer.der) } }
          if (data.format !== '' && data.format !== 'json') return undefined
          return {
            data: {
              ca_chain: chain,
              certificate: issuer.record.certificate,
              issuer_id: issuer.record.id,
              issuer_name: issuer.record.name,
              key_id: issuer.record.key_id,
              leaf_not_after_behavior: issuer.record.leaf_not_after_behavior,
              manual_chain: null,
              usage: 'crl-signing,issuing-certificates,ocsp-signing,read-only',
            },
          }
        },
      },
      synopsis: 'Read one issuer (no token needed).',
    }),
  ]
}

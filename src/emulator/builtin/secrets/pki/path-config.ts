// API: https://developer.hashicorp.com/vault/api-docs/secret/pki#set-urls
//      https://developer.hashicorp.com/vault/api-docs/secret/pki#read-urls
//      https://developer.hashicorp.com/vault/api-docs/secret/pki#set-issuers-configuration
//      https://developer.hashicorp.com/vault/api-docs/secret/pki#read-issuers-configuration
import { definePath } from '../../../framework/path.js'
import type { PathDefinition } from '../../../framework/path.js'
import { field } from '../../../framework/fields.js'
import { invalidRequest } from '../../../core/errors.js'
import type { PkiEngine } from './engine.js'
import { readIssuersConfig, readUrlsConfig, writeIssuersConfig, writeUrlsConfig } from './records.js'
import { resolveIssuerId } from './issuer-store.js'
import { pkiHandled } from './pki-error.js'

function checkUrls(name: string, urls: string[]): void {
  for (const url of urls) {
    if (!URL.canParse(url)) throw invalidRequest(`invalid URL found in Authority Information Access (AIA) parameter ${name}: ${url}`)
  }
}

export function configPaths(engine: PkiEngine): PathDefinition[] {
  return [
    definePath({
      pattern: 'config/urls',
      fields: {
        issuing_certificates: field.commaList({ doc: 'URLs of the issuing CA certificate (AIA caIssuers).' }),
        crl_distribution_points: field.commaList({ doc: 'URLs of the CRL.' }),
        ocsp_servers: field.commaList({ doc: 'URLs of OCSP responders.' }),
        enable_templating: field.bool({ doc: 'Expand {{issuer_id}} and {{cluster_path}} (stored only).' }),
      },
      operations: {
        read: () => ({ data: { ...readUrlsConfig(engine.storage) } }),
        update: ({ data, has }) => {
          const config = readUrlsConfig(engine.storage)
          if (has('issuing_certificates')) config.issuing_certificates = data.issuing_certificates
          if (has('crl_distribution_points')) config.crl_distribution_points = data.crl_distribution_points
          if (has('ocsp_servers')) config.ocsp_servers = data.ocsp_servers
          if (has('enable_templating')) config.enable_templating = data.enable_templating
          checkUrls('issuing_certificates', config.issuing_certificates)
          checkUrls('crl_distribution_points', config.crl_distribution_points)
          checkUrls('ocsp_servers', config.ocsp_servers)
          writeUrlsConfig(engine.storage, config)
          return { data: { ...config } }
        },
      },
      synopsis: 'URLs written into issued certificates (AIA and CRL distribution points).',
    }),
    definePath({
      pattern: 'config/issuers',
      fields: {
        default: field.string({ doc: 'Issuer (id or name) to use by default.' }),
        default_follows_latest_issuer: field.bool({ doc: 'Make each new root or imported issuer the default.' }),
      },
      operations: {
        read: () => ({ data: { ...readIssuersConfig(engine.storage) } }),
        update: ({ data, has }) =>
          pkiHandled(() => {
            const config = readIssuersConfig(engine.storage)
            if (has('default')) {
              if (data.default === 'default' || data.default === '') throw invalidRequest('Invalid issuer specification; must be non-empty and can\'t be \'default\'.')
              config.default = resolveIssuerId(engine.storage, data.default)
            }
            if (has('default_follows_latest_issuer')) config.default_follows_latest_issuer = data.default_follows_latest_issuer
            writeIssuersConfig(engine.storage, config)
            return { data: { ...config } }
          }),
      },
      synopsis: 'Which issuer is the default.',
    }),
  ]
}

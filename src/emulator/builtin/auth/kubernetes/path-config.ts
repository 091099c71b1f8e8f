// API: https://developer.hashicorp.com/vault/api-docs/auth/kubernetes#configure-method
import { createPublicKey } from 'node:crypto'
import { definePath } from '../../../framework/path.js'
import { field } from '../../../framework/fields.js'
import { invalidRequest } from '../../../core/errors.js'
import { readConfig, writeConfig } from './config-store.js'

const PEM_BLOCK = /-----BEGIN [A-Z0-9 ]+-----[\s\S]+?-----END [A-Z0-9 ]+-----/

/** An RSA or ECDSA public key, given as a public key or a certificate. */
function checkPublicKey(pem: string): void {
  let keyType: string | undefined
  try {
    keyType = createPublicKey(pem).asymmetricKeyType
  } catch {
    keyType = undefined
  }
  if (keyType !== 'rsa' && keyType !== 'ec') throw invalidRequest('data does not contain any valid RSA or ECDSA public keys')
}

export const configPath = definePath({
  pattern: 'config',
  fields: {
    kubernetes_host: field.string({ doc: 'Host string, host:port pair, or URL of the Kubernetes API server.' }),
    kubernetes_ca_cert: field.string({ doc: 'PEM CA certificate(s) the TLS client trusts for the API server.' }),
    token_reviewer_jwt: field.string({ doc: 'Bearer token for TokenReview calls; default: the login JWT.', sensitive: true }),
    pem_keys: field.commaList({ doc: 'PEM public keys or certificates that verify service-account JWTs locally.' }),
    issuer: field.string({ doc: 'Deprecated: expected JWT issuer.' }),
    disable_iss_validation: field.bool({ doc: 'Deprecated: skip issuer validation.', default: true }),
    disable_local_ca_jwt: field.bool({ doc: "Do not fall back to the pod's own CA and token." }),
    use_annotations_as_alias_metadata: field.bool({ doc: 'Copy service-account annotations into alias metadata (not emulated).' }),
  },
  operations: {
    read: ({ storage }) => {
      const config = readConfig(storage)
      if (!config) return undefined
      return {
        data: {
          disable_iss_validation: config.disable_iss_validation,
          disable_local_ca_jwt: config.disable_local_ca_jwt,
          issuer: config.issuer,
          kubernetes_ca_cert: config.kubernetes_ca_cert,
          kubernetes_host: config.kubernetes_host,
          pem_keys: config.pem_keys,
          token_reviewer_jwt_set: config.token_reviewer_jwt !== '',
          use_annotations_as_alias_metadata: config.use_annotations_as_alias_metadata,
        },
      }
    },
    update: ({ storage, data }) => {
      if (data.kubernetes_host === '') throw invalidRequest('no host provided')
      if (data.kubernetes_ca_cert !== '' && !PEM_BLOCK.test(data.kubernetes_ca_cert)) {
        throw invalidRequest('The provided CA PEM data contains no valid certificates')
      }
      for (const pem of data.pem_keys) checkPublicKey(pem)
      // Vault replaces the whole config: fields not sent fall back to their defaults.
      writeConfig(storage, {
        kubernetes_host: data.kubernetes_host,
        kubernetes_ca_cert: data.kubernetes_ca_cert,
        token_reviewer_jwt: data.token_reviewer_jwt,
        pem_keys: data.pem_keys,
        issuer: data.issuer,
        disable_iss_validation: data.disable_iss_validation,
        disable_local_ca_jwt: data.disable_local_ca_jwt,
        use_annotations_as_alias_metadata: data.use_annotations_as_alias_metadata,
      })
      return undefined
    },
  },
  synopsis: 'Configures the JWT Public Key and Kubernetes API information.',
})

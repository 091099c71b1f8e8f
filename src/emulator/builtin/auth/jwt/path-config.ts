// API: https://developer.hashicorp.com/vault/api-docs/auth/jwt#configure
import { createPublicKey } from 'node:crypto'
import { definePath } from '../../../framework/path.js'
import type { PathDefinition } from '../../../framework/path.js'
import { field } from '../../../framework/fields.js'
import { invalidRequest } from '../../../core/errors.js'
import { sortedKeys } from '../sorted-keys.js'
import { readConfig, writeConfig } from './config-store.js'
import type { JwtConfig } from './config-store.js'
import { discoverProvider, fetchJwks } from './oidc-discovery.js'
import type { JwtMountState } from './mount-state.js'

/** The algorithms cap accepts in `jwt_supported_algs`. */
export const SUPPORTED_ALGS = ['RS256', 'RS384', 'RS512', 'ES256', 'ES384', 'ES512', 'PS256', 'PS384', 'PS512', 'EdDSA']

const configFields = {
  oidc_discovery_url: field.string({ doc: 'OIDC discovery URL, without any .well-known component.' }),
  oidc_discovery_ca_pem: field.string({ doc: 'CA certificate(s) (PEM) for the discovery URL.' }),
  oidc_client_id: field.string({ doc: 'OAuth client ID.' }),
  oidc_client_secret: field.string({ doc: 'OAuth client secret.', sensitive: true }),
  oidc_response_mode: field.string({ doc: "'query' or 'form_post'." }),
  oidc_response_types: field.commaList({ doc: "'code' and/or 'id_token'." }),
  jwks_url: field.string({ doc: 'JWKS URL that verifies signatures.' }),
  jwks_ca_pem: field.string({ doc: 'CA certificate(s) (PEM) for the JWKS URL.' }),
  jwks_pairs: field.raw({ doc: 'JWKS URL and CA pairs (not emulated).' }),
  default_role: field.lowercaseString({ doc: 'Role used when a login names none.' }),
  jwt_validation_pubkeys: field.commaList({ doc: 'PEM public keys that verify signatures locally.' }),
  jwt_supported_algs: field.commaList({ doc: 'Accepted signing algorithms.' }),
  bound_issuer: field.string({ doc: "Value the 'iss' claim must have." }),
  provider_config: field.map({ doc: 'Provider-specific configuration (not emulated).' }),
  namespace_in_state: field.bool({ doc: 'Pass the namespace in the OIDC state.' }),
  unsupported_critical_cert_extensions: field.commaList({ doc: 'Critical certificate extensions to ignore.' }),
}

function configData(config: JwtConfig): Record<string, unknown> {
  const { oidc_client_secret: _secret, ...visible } = config
  return sortedKeys({ ...visible })
}

function checkPublicKey(pem: string): void {
  try {
    createPublicKey(pem)
  } catch (err) {
    throw invalidRequest(`error parsing public key: ${err instanceof Error ? err.message : String(err)}`)
  }
}

async function checkKeySource(config: JwtConfig): Promise<void> {
  if (config.oidc_discovery_url !== '') {
    try {
      await discoverProvider(config.oidc_discovery_url, config.oidc_discovery_ca_pem)
    } catch {
      throw invalidRequest('error checking oidc discovery URL')
    }
  } else if (config.oidc_client_id !== '') {
    throw invalidRequest("'oidc_discovery_url' must be set for OIDC")
  } else if (config.jwks_url !== '') {
    try {
      await fetchJwks(config.jwks_url, config.jwks_ca_pem)
    } catch (err) {
      if (err instanceof Error && err.message === 'could not parse CA PEM value successfully') throw invalidRequest('error checking jwks_ca_pem')
      throw invalidRequest(`error checking jwks URL ${config.jwks_url}`)
    }
  } else {
    for (const pem of config.jwt_validation_pubkeys) checkPublicKey(pem)
  }
}

export function configPath(state: JwtMountState): PathDefinition {
  return definePath({
    pattern: 'config',
    fields: configFields,
    operations: {
      read: ({ storage }) => {
        const config = readConfig(storage)
        return config ? { data: configData(config) } : undefined
      },
      update: async ({ storage, data, has }) => {
        const existing = readConfig(storage)
        const jwksPairs = Array.isArray(data.jwks_pairs) ? (data.jwks_pairs as unknown[]) : []
        const config: JwtConfig = {
          oidc_discovery_url: data.oidc_discovery_url,
          oidc_discovery_ca_pem: data.oidc_discovery_ca_pem,
          oidc_client_id: data.oidc_client_id,
          oidc_client_secret: data.oidc_client_secret,
          oidc_response_mode: data.oidc_response_mode,
          oidc_response_types: data.oidc_response_types,
          jwks_url: data.jwks_url,
          jwks_ca_pem: data.jwks_ca_pem,
          jwks_pairs: jwksPairs,
          jwt_validation_pubkeys: data.jwt_validation_pubkeys,
          jwt_supported_algs: data.jwt_supported_algs,
          bound_issuer: data.bound_issuer,
          default_role: data.default_role,
          provider_config: data.provider_config,
          // New configs put the namespace in the state; updates keep what they had.
          namespace_in_state: has('namespace_in_state') ? data.namespace_in_state : (existing?.namespace_in_state ?? true),
          unsupported_critical_cert_extensions: data.unsupported_critical_cert_extensions,
        }
        const sources = [config.oidc_discovery_url !== '', config.jwt_validation_pubkeys.length > 0, config.jwks_url !== '', jwksPairs.length > 0]
        if (sources.filter(Boolean).length !== 1) {
          throw invalidRequest("exactly one of 'jwt_validation_pubkeys', 'jwks_url', 'jwks_pairs' or 'oidc_discovery_url' must be set")
        }
        if ((config.oidc_client_id === '') !== (config.oidc_client_secret === '')) {
          throw invalidRequest("both 'oidc_client_id' and 'oidc_client_secret' must be set for OIDC")
        }
        if (jwksPairs.length > 0) throw invalidRequest('invalid jwks_pairs: jwks_pairs is not supported by vault-emu')
        await checkKeySource(config)
        const badAlg = config.jwt_supported_algs.find((a) => !SUPPORTED_ALGS.includes(a))
        if (badAlg !== undefined) throw invalidRequest(`invalid jwt_supported_algs: unsupported signing algorithm ${JSON.stringify(badAlg)}`)
        if (!config.oidc_response_types.every((t) => t === 'code' || t === 'id_token')) {
          throw invalidRequest(`invalid response_types [${config.oidc_response_types.join(' ')}]. 'code' and 'id_token' are allowed`)
        }
        if (config.oidc_response_mode === '' || config.oidc_response_mode === 'query') {
          if (config.oidc_response_types.includes('id_token')) throw invalidRequest('query response_mode may not be used with an id_token response_type')
        } else if (config.oidc_response_mode !== 'form_post') {
          throw invalidRequest(`invalid response_mode: ${JSON.stringify(config.oidc_response_mode)}`)
        }
        if (Object.keys(config.provider_config).length > 0) {
          throw invalidRequest('invalid provider_config: custom providers are not supported by vault-emu')
        }
        writeConfig(storage, config)
        state.keys.reset()
        return undefined
      },
    },
    synopsis: 'Configures the JWT authentication backend.',
  })
}

/** The JWT/OIDC auth method's stored configuration (`config`). */
import type { Storage } from '../../../core/storage.js'

export interface JwtConfig {
  oidc_discovery_url: string
  oidc_discovery_ca_pem: string
  oidc_client_id: string
  oidc_client_secret: string
  oidc_response_mode: string
  oidc_response_types: string[]
  jwks_url: string
  jwks_ca_pem: string
  jwks_pairs: unknown[]
  jwt_validation_pubkeys: string[]
  jwt_supported_algs: string[]
  bound_issuer: string
  default_role: string
  provider_config: Record<string, unknown>
  namespace_in_state: boolean
  unsupported_critical_cert_extensions: string[]
}

const CONFIG_KEY = 'config'

export function readConfig(storage: Storage): JwtConfig | undefined {
  return storage.get<JwtConfig>(CONFIG_KEY)
}

export function writeConfig(storage: Storage, config: JwtConfig): void {
  storage.put(CONFIG_KEY, config)
}

/** The full OIDC flow needs a discovery URL and client credentials (cap's `OIDCFlow`). */
export function isOidcFlow(config: JwtConfig): boolean {
  return config.jwt_validation_pubkeys.length === 0 && config.jwks_url === '' && config.oidc_discovery_url !== '' &&
    config.oidc_client_id !== '' && config.oidc_client_secret !== ''
}

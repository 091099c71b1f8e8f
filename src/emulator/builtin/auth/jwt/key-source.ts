/**
 * The keys JWT logins are verified with, from whichever source the config
 * names: static PEM keys, a JWKS URL, or the JWKS of an OIDC discovery URL.
 * Remote key sets are cached per mount and fetched again when a signature
 * does not verify (a provider rotated its keys), as go-oidc does.
 */
import { createPublicKey } from 'node:crypto'
import { createLocalJWKSet } from 'jose'
import type { KeySource } from '../jwt-validation.js'
import type { JwtConfig } from './config-store.js'
import { discoverProvider, fetchJwks } from './oidc-discovery.js'
import type { ProviderMetadata } from './oidc-discovery.js'

export class KeySourceCache {
  #source: KeySource | undefined
  #provider: ProviderMetadata | undefined

  /** Forget fetched keys and provider metadata (the config changed). */
  reset(): void {
    this.#source = undefined
    this.#provider = undefined
  }

  /** The discovery document of `oidc_discovery_url`, cached. */
  async provider(config: JwtConfig): Promise<ProviderMetadata> {
    this.#provider ??= await discoverProvider(config.oidc_discovery_url, config.oidc_discovery_ca_pem)
    return this.#provider
  }

  /** The key source for a login; `refresh` fetches remote keys again. */
  async source(config: JwtConfig, refresh = false): Promise<KeySource> {
    if (config.jwt_validation_pubkeys.length > 0) return { kind: 'keys', keys: config.jwt_validation_pubkeys.map((pem) => createPublicKey(pem)) }
    if (refresh) this.#source = undefined
    if (!this.#source) {
      if (config.jwks_url !== '') {
        this.#source = { kind: 'jwks', getKey: createLocalJWKSet(await fetchJwks(config.jwks_url, config.jwks_ca_pem)) }
      } else {
        const provider = await this.provider(config)
        this.#source = { kind: 'jwks', getKey: createLocalJWKSet(await fetchJwks(provider.jwks_uri, config.oidc_discovery_ca_pem)) }
      }
    }
    return this.#source
  }
}

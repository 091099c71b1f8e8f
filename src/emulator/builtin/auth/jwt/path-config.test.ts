import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createVaultEmulator } from '../../../emulator.js'
import { startOidcProvider } from '../../../../../test/helpers/oidc-provider.js'
import type { TestOidcProvider } from '../../../../../test/helpers/oidc-provider.js'
import { createTestTls } from '../../../../../test/helpers/test-tls.js'
import type { TestTls } from '../../../../../test/helpers/test-tls.js'

let provider: TestOidcProvider
let tlsProvider: TestOidcProvider
let tls: TestTls

beforeAll(async () => {
  tls = createTestTls()
  provider = await startOidcProvider({ now: () => Date.now() })
  tlsProvider = await startOidcProvider({ now: () => Date.now(), tls, caPem: tls.caPem })
})

afterAll(async () => {
  await provider.close()
  await tlsProvider.close()
})

async function setup() {
  const vault = await createVaultEmulator()
  await vault.request('POST', 'sys/auth/jwt', { data: { type: 'jwt' } })
  const write = (data: Record<string, unknown>) => vault.request('POST', 'auth/jwt/config', { data })
  return { vault, write }
}

const EXACTLY_ONE = "exactly one of 'jwt_validation_pubkeys', 'jwks_url', 'jwks_pairs' or 'oidc_discovery_url' must be set"

describe('auth/jwt/config', () => {
  it('stores static keys and reads the config back without the client secret', async () => {
    const { vault, write } = await setup()
    expect((await write({ jwt_validation_pubkeys: provider.publicKeyPem, bound_issuer: 'https://issuer', default_role: 'Dev' })).status).toBe(204)
    const data = ((await vault.request('GET', 'auth/jwt/config')).json as { data: Record<string, unknown> }).data
    expect(data).toEqual({
      bound_issuer: 'https://issuer',
      default_role: 'dev',
      jwks_ca_pem: '',
      jwks_pairs: [],
      jwks_url: '',
      jwt_supported_algs: [],
      jwt_validation_pubkeys: [provider.publicKeyPem.trim()],
      namespace_in_state: true,
      oidc_client_id: '',
      oidc_discovery_ca_pem: '',
      oidc_discovery_url: '',
      oidc_response_mode: '',
      oidc_response_types: [],
      provider_config: {},
      unsupported_critical_cert_extensions: [],
    })
  })

  it('checks a JWKS URL and an OIDC discovery URL when they are written', async () => {
    const { vault, write } = await setup()
    expect((await write({ jwks_url: provider.jwksUrl })).status).toBe(204)
    expect(await write({ jwks_url: `${provider.issuer}/nowhere` })).toMatchObject({ status: 400, json: { errors: [`error checking jwks URL ${provider.issuer}/nowhere`] } })
    expect((await write({ oidc_discovery_url: provider.issuer, oidc_client_id: 'vault-app', oidc_client_secret: 's3cret' })).status).toBe(204)
    const read = await vault.request('GET', 'auth/jwt/config')
    expect(read.json).toMatchObject({ data: { oidc_discovery_url: provider.issuer, oidc_client_id: 'vault-app' } })
    expect(read.body).not.toContain('s3cret')
    expect(await write({ oidc_discovery_url: `${provider.issuer}/other` })).toMatchObject({ status: 400, json: { errors: ['error checking oidc discovery URL'] } })
  })

  it('verifies an HTTPS provider against oidc_discovery_ca_pem / jwks_ca_pem', async () => {
    const { write } = await setup()
    expect(await write({ oidc_discovery_url: tlsProvider.issuer })).toMatchObject({ status: 400, json: { errors: ['error checking oidc discovery URL'] } })
    expect((await write({ oidc_discovery_url: tlsProvider.issuer, oidc_discovery_ca_pem: tls.caPem })).status).toBe(204)
    expect(await write({ jwks_url: tlsProvider.jwksUrl })).toMatchObject({ status: 400, json: { errors: [`error checking jwks URL ${tlsProvider.jwksUrl}`] } })
    expect(await write({ jwks_url: tlsProvider.jwksUrl, jwks_ca_pem: 'garbage' })).toMatchObject({ status: 400, json: { errors: ['error checking jwks_ca_pem'] } })
    expect((await write({ jwks_url: tlsProvider.jwksUrl, jwks_ca_pem: tls.caPem })).status).toBe(204)
  })

  it.each([
    [{}, EXACTLY_ONE],
    [{ jwks_url: 'http://127.0.0.1:1/jwks', jwt_validation_pubkeys: ['x'] }, EXACTLY_ONE],
    [{ jwt_validation_pubkeys: ['x'], oidc_client_id: 'id' }, "both 'oidc_client_id' and 'oidc_client_secret' must be set for OIDC"],
    [{ jwt_validation_pubkeys: ['x'], oidc_client_id: 'id', oidc_client_secret: 's' }, "'oidc_discovery_url' must be set for OIDC"],
    [{ jwt_validation_pubkeys: ['-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----'] }, expect.stringMatching(/^error parsing public key: /)],
  ])('rejects %j', async (data, message) => {
    const { write } = await setup()
    expect(await write(data)).toMatchObject({ status: 400, json: { errors: [message] } })
  })

  it('rejects unknown algorithms and response settings', async () => {
    const { write } = await setup()
    const keys = { jwt_validation_pubkeys: provider.publicKeyPem }
    expect(await write({ ...keys, jwt_supported_algs: ['RS256', 'HS256'] })).toMatchObject({ json: { errors: ['invalid jwt_supported_algs: unsupported signing algorithm "HS256"'] } })
    expect(await write({ ...keys, oidc_response_types: 'token' })).toMatchObject({ json: { errors: ["invalid response_types [token]. 'code' and 'id_token' are allowed"] } })
    expect(await write({ ...keys, oidc_response_types: 'id_token' })).toMatchObject({ json: { errors: ['query response_mode may not be used with an id_token response_type'] } })
    expect(await write({ ...keys, oidc_response_mode: 'fragment' })).toMatchObject({ json: { errors: ['invalid response_mode: "fragment"'] } })
  })
})

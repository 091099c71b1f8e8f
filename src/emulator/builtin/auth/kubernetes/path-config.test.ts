import { describe, expect, it } from 'vitest'
import { createVaultEmulator } from '../../../emulator.js'

async function setup() {
  const vault = await createVaultEmulator({ clock: { mode: 'frozen', start: '2030-01-01T00:00:00Z' } })
  await vault.request('POST', 'sys/auth/kubernetes', { data: { type: 'kubernetes' } })
  return vault
}

describe('auth/kubernetes/config', () => {
  it('reads back what was written, with token_reviewer_jwt_set instead of the JWT', async () => {
    const vault = await setup()
    expect((await vault.request('GET', 'auth/kubernetes/config')).status).toBe(404)
    const write = await vault.request('POST', 'auth/kubernetes/config', {
      data: { kubernetes_host: 'https://kubernetes.default.svc', token_reviewer_jwt: 'reviewer.jwt.value', pem_keys: vault.kubernetes.publicKeyPem },
    })
    expect(write.status).toBe(204)
    const read = await vault.request('GET', 'auth/kubernetes/config')
    expect(read.status).toBe(200)
    expect((read.json as { data: unknown }).data).toEqual({
      disable_iss_validation: true,
      disable_local_ca_jwt: false,
      issuer: '',
      kubernetes_ca_cert: '',
      kubernetes_host: 'https://kubernetes.default.svc',
      // A comma list: items are trimmed, as Vault's TypeCommaStringSlice does.
      pem_keys: [vault.kubernetes.publicKeyPem.trim()],
      token_reviewer_jwt_set: true,
      use_annotations_as_alias_metadata: false,
    })
    expect(read.body).not.toContain('reviewer.jwt.value')
  })

  it('replaces the whole config on each write', async () => {
    const vault = await setup()
    await vault.request('POST', 'auth/kubernetes/config', { data: { kubernetes_host: 'https://a', token_reviewer_jwt: 'x', disable_iss_validation: false } })
    await vault.request('POST', 'auth/kubernetes/config', { data: { kubernetes_host: 'https://b' } })
    expect((await vault.request('GET', 'auth/kubernetes/config')).json).toMatchObject({
      data: { kubernetes_host: 'https://b', token_reviewer_jwt_set: false, disable_iss_validation: true, pem_keys: [] },
    })
  })

  it.each([
    [{}, 'no host provided'],
    [{ kubernetes_host: 'https://k', kubernetes_ca_cert: 'not a pem' }, 'The provided CA PEM data contains no valid certificates'],
    [{ kubernetes_host: 'https://k', pem_keys: ['nope'] }, 'data does not contain any valid RSA or ECDSA public keys'],
  ])('rejects %j', async (data, message) => {
    const vault = await setup()
    expect(await vault.request('POST', 'auth/kubernetes/config', { data })).toMatchObject({ status: 400, json: { errors: [message] } })
  })
})

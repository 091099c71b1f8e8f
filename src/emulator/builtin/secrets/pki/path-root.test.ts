import { X509Certificate } from 'node:crypto'
import { beforeEach, describe, expect, it } from 'vitest'
import { CLOCK_START, startPki } from './test-harness.js'
import type { PkiHarness } from './test-harness.js'

let t: PkiHarness
const start = Date.parse(CLOCK_START)

beforeEach(async () => {
  t = await startPki()
  await t.mount('pki')
})

describe('root/generate', () => {
  it('makes a self-signed CA on the virtual clock and answers as Vault', async () => {
    const reply = await t.call('POST', 'pki/root/generate/internal', { common_name: 'example.com', ttl: '87600h', key_type: 'ec' })
    expect(reply.status).toBe(200)
    const body = reply.json as { data: Record<string, unknown>; warnings: string[] }
    expect(Object.keys(body.data).sort()).toEqual(['certificate', 'expiration', 'issuer_id', 'issuer_name', 'issuing_ca', 'key_id', 'key_name', 'serial_number'])
    expect(body.data['serial_number']).toMatch(/^([0-9a-f]{2}:){19}[0-9a-f]{2}$/)
    expect(body.data['expiration']).toBe(start / 1000 + 87600 * 3600)
    expect(body.warnings).toContain(
      "This mount hasn't configured any authority information access (AIA) fields; this may make it harder for systems to find missing certificates in the chain or to validate revocation status of certificates. Consider updating /config/urls or the newly generated issuer with this information.",
    )
    const cert = new X509Certificate(String(body.data['certificate']))
    expect(cert.ca).toBe(true)
    expect(cert.subject).toBe('CN=example.com')
    expect(cert.checkIssued(cert)).toBe(true)
    expect(cert.verify(cert.publicKey)).toBe(true)
    // notBefore is backdated by 30 s, as Vault's not_before_duration.
    expect(cert.validFromDate.getTime()).toBe(start - 30_000)
    expect(cert.validToDate.getTime()).toBe(start + 87600 * 3600_000)
  })

  it('exported returns the private key once; the CA is served raw without a token', async () => {
    expect((await t.call('GET', 'pki/ca/pem', undefined, '')).status).toBe(204)
    const out = await t.ok<Record<string, string>>('POST', 'pki/root/generate/exported', { common_name: 'Root CA', key_type: 'rsa', key_bits: 2048 })
    expect(out['private_key']).toMatch(/^-----BEGIN RSA PRIVATE KEY-----/)
    expect(out['private_key_type']).toBe('rsa')
    const pem = await t.call('GET', 'pki/ca/pem', undefined, '')
    expect(pem.status).toBe(200)
    expect(pem.headers['content-type']).toBe('application/pem-certificate-chain')
    expect(pem.body).toBe(out['certificate'])
    const der = await t.call('GET', 'pki/ca', undefined, '')
    expect(der.headers['content-type']).toBe('application/pkix-cert')
    expect(Buffer.from(der.body as Uint8Array).equals(new X509Certificate(out['certificate'] ?? '').raw)).toBe(true)
  })

  it('caps the TTL at the mount max with Vault’s warning', async () => {
    await t.mount('small', '768h')
    const reply = await t.call('POST', 'small/root/generate/internal', { common_name: 'x', ttl: '8760h', key_type: 'ec' })
    expect((reply.json as { warnings: string[] }).warnings).toContain('TTL "8760h0m0s" is longer than permitted maxTTL "768h0m0s", so maxTTL is being used')
    expect((reply.json as { data: { expiration: number } }).data.expiration).toBe(start / 1000 + 768 * 3600)
  })

  it('rejects bad parameters with Vault texts', async () => {
    expect(await t.fails(400, 'POST', 'pki/root/generate/other', { common_name: 'x' })).toBe('the "exported" path parameter must be "internal", "existing", exported" or "kms"')
    expect(await t.fails(400, 'POST', 'pki/root/generate/internal', { common_name: 'x', key_bits: 1024 })).toBe('RSA keys < 2048 bits are unsafe and not supported: got 1024')
    expect(await t.fails(400, 'POST', 'pki/root/generate/internal', { common_name: 'x', key_type: 'ec', key_bits: 100 })).toBe('unsupported bit length for EC key: 100')
    expect(await t.fails(400, 'POST', 'pki/root/generate/internal', { common_name: 'x', format: 'p12' })).toBe('the "format" path parameter must be "pem", "der", or "pem_bundle"')
  })

  it('writes config/urls into the certificates it makes; DELETE root removes every issuer', async () => {
    await t.ok('POST', 'pki/config/urls', { issuing_certificates: 'http://127.0.0.1:8200/v1/pki/ca', crl_distribution_points: ['http://127.0.0.1:8200/v1/pki/crl'] })
    expect(await t.ok('GET', 'pki/config/urls')).toEqual({
      crl_distribution_points: ['http://127.0.0.1:8200/v1/pki/crl'],
      enable_templating: false,
      issuing_certificates: ['http://127.0.0.1:8200/v1/pki/ca'],
      ocsp_servers: [],
    })
    const { certificate } = await t.ok<{ certificate: string }>('POST', 'pki/root/generate/internal', { common_name: 'x', key_type: 'ec' })
    expect(new X509Certificate(certificate).infoAccess).toContain('CA Issuers - URI:http://127.0.0.1:8200/v1/pki/ca')
    expect((await t.ok<{ keys: string[] }>('LIST', 'pki/issuers')).keys).toHaveLength(1)
    expect((await t.call('DELETE', 'pki/root')).status).toBe(204)
    expect((await t.call('LIST', 'pki/issuers')).status).toBe(404)
  })
})

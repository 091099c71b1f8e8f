import { X509Certificate } from 'node:crypto'
import { beforeEach, describe, expect, it } from 'vitest'
import { CLOCK_START, startPki } from './test-harness.js'
import type { PkiHarness } from './test-harness.js'

let t: PkiHarness

beforeEach(async () => {
  t = await startPki()
  await t.mount('pki')
})

describe('roles', () => {
  it('writes with defaults, warns without a default issuer, reads back, lists, deletes', async () => {
    const reply = await t.call('POST', 'pki/roles/web', { allowed_domains: ['example.com'], allow_subdomains: true, max_ttl: '72h' })
    expect(reply.status).toBe(200)
    const body = reply.json as { data: Record<string, unknown>; warnings: string[] }
    expect(body.warnings).toEqual(['Issuing Certificate was set to default, but no default issuing certificate (configurable at /config/issuers) is currently set'])
    expect(body.data).toMatchObject({
      allowed_domains: ['example.com'],
      allow_subdomains: true,
      allow_bare_domains: false,
      allow_localhost: true,
      enforce_hostnames: true,
      server_flag: true,
      client_flag: true,
      key_type: 'rsa',
      key_bits: 2048,
      signature_bits: 256,
      key_usage: ['DigitalSignature', 'KeyAgreement', 'KeyEncipherment'],
      max_ttl: 259200,
      ttl: 0,
      no_store: false,
      require_cn: true,
      issuer_ref: 'default',
      not_before_duration: 30,
    })
    expect(await t.ok('GET', 'pki/roles/web')).toEqual(body.data)
    expect(await t.ok('LIST', 'pki/roles')).toEqual({ keys: ['web'] })
    expect((await t.call('DELETE', 'pki/roles/web')).status).toBe(204)
    expect((await t.call('GET', 'pki/roles/web')).status).toBe(404)
  })

  it('validates as Vault', async () => {
    expect(await t.fails(400, 'POST', 'pki/roles/r', { ttl: '2h', max_ttl: '1h' })).toBe('"ttl" value must be less than "max_ttl" value')
    expect(await t.fails(400, 'POST', 'pki/roles/r', { key_type: 'dsa' })).toBe('unknown key type dsa')
    expect(await t.fails(400, 'POST', 'pki/roles/r', { key_type: 'rsa', key_bits: 1024 })).toBe('RSA keys < 2048 bits are unsafe and not supported: got 1024')
    expect(await t.fails(400, 'POST', 'pki/roles/r', { signature_bits: 128 })).toBe('unsupported hash signature algorithm: 128')
  })
})

describe('issuing under a role', () => {
  beforeEach(async () => {
    await t.ok('POST', 'pki/root/generate/internal', { common_name: 'Root', ttl: '8760h', key_type: 'ec' })
  })

  it('server_flag/client_flag choose the extended key usages; IP SANs can be refused', async () => {
    await t.ok('POST', 'pki/roles/client', { allow_any_name: true, server_flag: false, key_type: 'ec', allow_ip_sans: false })
    const { certificate } = await t.ok<{ certificate: string }>('POST', 'pki/issue/client', { common_name: 'worker-1' })
    expect(new X509Certificate(certificate).keyUsage).toEqual(['1.3.6.1.5.5.7.3.2'])
    expect(await t.fails(400, 'POST', 'pki/issue/client', { common_name: 'worker-1', ip_sans: '10.0.0.1' })).toBe(
      'IP Subject Alternative Names are not allowed in this role, but was provided via the API',
    )
  })

  it('no_store keeps the certificate out of certs/; RSA and ed25519 keys work', async () => {
    await t.ok('POST', 'pki/roles/ephemeral', { allow_any_name: true, no_store: true, key_type: 'rsa' })
    const rsa = await t.ok<{ serial_number: string; private_key: string; private_key_type: string }>('POST', 'pki/issue/ephemeral', { common_name: 'x' })
    expect(rsa.private_key_type).toBe('rsa')
    expect((await t.call('GET', `pki/cert/${rsa.serial_number}`, undefined, '')).status).toBe(404)
    await t.ok('POST', 'pki/roles/ed', { allow_any_name: true, key_type: 'ed25519' })
    const ed = await t.ok<{ serial_number: string; private_key: string; certificate: string }>('POST', 'pki/issue/ed', { common_name: 'x', private_key_format: 'pkcs8' })
    expect(ed.private_key).toMatch(/^-----BEGIN PRIVATE KEY-----/)
    expect(new X509Certificate(ed.certificate).publicKey.asymmetricKeyType).toBe('ed25519')
    const stored = await t.call('GET', `pki/cert/${ed.serial_number.replace(/:/g, '-')}`, undefined, '')
    expect(stored.status).toBe(200)
    expect((stored.json as { data: { certificate: string } }).data.certificate).toBe(ed.certificate)
  })

  it('generate_lease ties the certificate to a lease; revoking the lease revokes it', async () => {
    await t.ok('POST', 'pki/roles/leased', { allow_any_name: true, generate_lease: true, key_type: 'ec', ttl: '1h' })
    const reply = await t.call('POST', 'pki/issue/leased', { common_name: 'x' })
    const body = reply.json as { lease_id: string; lease_duration: number; data: { serial_number: string } }
    expect(body.lease_id).toMatch(/^pki\/issue\/leased\//)
    expect(body.lease_duration).toBe(3600)
    await t.ok('PUT', 'sys/leases/revoke', { lease_id: body.lease_id })
    expect(await t.ok('GET', `pki/cert/${body.data.serial_number}`)).toMatchObject({ revocation_time: Date.parse(CLOCK_START) / 1000 })
  })

  it('an expired certificate is not added to the CRL', async () => {
    await t.ok('POST', 'pki/roles/short', { allow_any_name: true, key_type: 'ec', ttl: '1m' })
    const { serial_number } = await t.ok<{ serial_number: string }>('POST', 'pki/issue/short', { common_name: 'x' })
    await t.core.clock.advance('2m')
    const reply = await t.call('POST', 'pki/revoke', { serial_number })
    expect(reply.status).toBe(200)
    expect((reply.json as { warnings: string[] }).warnings).toEqual([`certificate with serial ${serial_number} already expired; refusing to add to CRL`])
  })

  it('with no CA at all, issuing fails as Vault does (500)', async () => {
    await t.mount('empty')
    await t.ok('POST', 'empty/roles/r', { allow_any_name: true })
    expect(await t.fails(500, 'POST', 'empty/issue/r', { common_name: 'x' })).toBe(
      '1 error occurred:\n\t* could not fetch the CA certificate (was one set?): no default issuer currently configured\n\n',
    )
    expect((await t.call('GET', 'empty/crl', undefined, '')).status).toBe(204)
  })
})

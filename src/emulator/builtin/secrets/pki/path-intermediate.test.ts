import { X509Certificate } from 'node:crypto'
import { beforeEach, describe, expect, it } from 'vitest'
import { startPki } from './test-harness.js'
import type { PkiHarness } from './test-harness.js'

let t: PkiHarness

beforeEach(async () => {
  t = await startPki()
  await t.mount('pki')
  await t.mount('pki_int', '43800h')
  await t.ok('POST', 'pki/root/generate/internal', { common_name: 'Root', ttl: '87600h', key_type: 'ec', issuer_name: 'root-2030' })
})

describe('intermediate workflow details', () => {
  it('exported CSRs return the key; the CSR asks for a CA', async () => {
    const out = await t.ok<Record<string, string>>('POST', 'pki_int/intermediate/generate/exported', { common_name: 'Int', key_type: 'rsa' })
    expect(out['csr']).toMatch(/^-----BEGIN CERTIFICATE REQUEST-----/)
    expect(out['private_key']).toMatch(/^-----BEGIN RSA PRIVATE KEY-----/)
    expect(out['private_key_type']).toBe('rsa')
    expect(out['key_id']).toMatch(/^[0-9a-f-]{36}$/)
  })

  it('sign-intermediate with use_csr_values keeps the CSR subject; set-signed reports what it imported', async () => {
    const { csr } = await t.ok<{ csr: string }>('POST', 'pki_int/intermediate/generate/internal', { common_name: 'From CSR', key_type: 'ec' })
    const signed = await t.ok<{ certificate: string; ca_chain: string[]; issuing_ca: string }>('POST', 'pki/root/sign-intermediate', {
      csr,
      common_name: 'Ignored',
      use_csr_values: true,
      ttl: '8760h',
    })
    expect(new X509Certificate(signed.certificate).subject).toBe('CN=From CSR')
    expect(signed.ca_chain).toEqual([signed.certificate, signed.issuing_ca])
    const first = await t.ok<{ imported_issuers: string[]; existing_issuers: null; mapping: Record<string, string> }>('POST', 'pki_int/intermediate/set-signed', { certificate: signed.certificate })
    expect(first.imported_issuers).toHaveLength(1)
    expect(Object.values(first.mapping)[0]).toMatch(/^[0-9a-f-]{36}$/)
    const again = await t.ok<{ imported_issuers: null; existing_issuers: string[] }>('POST', 'pki_int/intermediate/set-signed', { certificate: signed.certificate })
    expect(again).toMatchObject({ imported_issuers: null, existing_issuers: first.imported_issuers })
    expect(await t.fails(400, 'POST', 'pki_int/intermediate/set-signed', { certificate: '' })).toBe("'pem_bundle' and 'certificate' parameters were empty")
  })

  it('config/issuers names the default; issuers read by name without a token', async () => {
    const config = await t.ok<{ default: string; default_follows_latest_issuer: boolean }>('GET', 'pki/config/issuers')
    expect(config.default_follows_latest_issuer).toBe(false)
    const issuer = await t.call('GET', 'pki/issuer/root-2030', undefined, '')
    expect(issuer.status).toBe(200)
    expect((issuer.json as { data: { issuer_id: string; issuer_name: string } }).data).toMatchObject({ issuer_id: config.default, issuer_name: 'root-2030' })
    const second = await t.ok<{ issuer_id: string }>('POST', 'pki/root/generate/internal', { common_name: 'Second', key_type: 'ec', ttl: '1h' })
    expect((await t.ok<{ default: string }>('GET', 'pki/config/issuers')).default).toBe(config.default)
    expect(await t.ok('POST', 'pki/config/issuers', { default: second.issuer_id })).toMatchObject({ default: second.issuer_id })
    expect(new X509Certificate(String((await t.call('GET', 'pki/ca/pem', undefined, '')).body)).subject).toBe('CN=Second')
    expect(await t.fails(400, 'POST', 'pki/config/issuers', { default: 'nope' })).toBe('unable to find PKI issuer for reference: nope')
  })
})

import { X509Certificate } from 'node:crypto'
import { beforeAll, describe, expect, it } from 'vitest'
import { CLOCK_START, openssl, startPki } from './test-harness.js'
import type { PkiHarness } from './test-harness.js'

/**
 * The tutorial's two-tier CA: a root on `pki/`, an intermediate on `pki_int/`
 * signed by it, a role, leaf certificates. Checked independently with
 * `openssl verify` (at the virtual clock's time) and Node's X509Certificate.
 */
let t: PkiHarness
let rootPem: string
let intermediatePem: string
const at = String(Date.parse(CLOCK_START) / 1000 + 3600)

interface Issued {
  certificate: string
  issuing_ca: string
  ca_chain: string[]
  private_key: string
  private_key_type: string
  serial_number: string
  expiration: number
}

beforeAll(async () => {
  t = await startPki()
  await t.mount('pki')
  await t.mount('pki_int', '43800h')
  rootPem = (await t.ok<{ certificate: string }>('POST', 'pki/root/generate/internal', { common_name: 'example.com Root', ttl: '87600h', key_type: 'ec', key_bits: 384 })).certificate
  await t.ok('POST', 'pki/config/urls', { issuing_certificates: 'http://127.0.0.1:8200/v1/pki/ca', crl_distribution_points: 'http://127.0.0.1:8200/v1/pki/crl' })
  const { csr } = await t.ok<{ csr: string }>('POST', 'pki_int/intermediate/generate/internal', { common_name: 'example.com Intermediate', key_type: 'ec' })
  const signed = await t.ok<{ certificate: string; ca_chain: string[] }>('POST', 'pki/root/sign-intermediate', { csr, format: 'pem_bundle', ttl: '43800h' })
  intermediatePem = signed.ca_chain[0] ?? ''
  const imported = await t.ok<{ imported_issuers: string[]; mapping: Record<string, string> }>('POST', 'pki_int/intermediate/set-signed', { certificate: signed.certificate })
  expect(imported.imported_issuers).toHaveLength(2)
  await t.ok('POST', 'pki_int/roles/example-dot-com', { allowed_domains: 'example.com', allow_subdomains: true, max_ttl: '720h', key_type: 'ec' })
})

describe('root → intermediate → leaf', () => {
  it('the intermediate is a CA signed by the root, one level below', () => {
    const root = new X509Certificate(rootPem)
    const int = new X509Certificate(intermediatePem)
    expect(int.ca).toBe(true)
    expect(int.checkIssued(root)).toBe(true)
    expect(int.verify(root.publicKey)).toBe(true)
    expect(int.subject).toBe('CN=example.com Intermediate')
    const text = openssl((d) => ['x509', '-in', `${d}/int.pem`, '-noout', '-text'], { 'int.pem': intermediatePem })
    expect(text).toContain('CA:TRUE')
    expect(text).toMatch(/X509v3 Key Usage: critical\s+Certificate Sign, CRL Sign/)
    expect(text).toContain('CA Issuers - URI:http://127.0.0.1:8200/v1/pki/ca')
  })

  it('issues a leaf that openssl and Node both verify up to the root', async () => {
    const leaf = await t.ok<Issued>('POST', 'pki_int/issue/example-dot-com', { common_name: 'app.example.com', alt_names: 'api.example.com', ip_sans: '127.0.0.1', ttl: '24h' })
    expect(leaf.private_key_type).toBe('ec')
    expect(leaf.private_key).toMatch(/^-----BEGIN EC PRIVATE KEY-----/)
    expect(leaf.issuing_ca).toBe(intermediatePem)
    expect(leaf.ca_chain).toEqual([intermediatePem, rootPem])
    expect(leaf.expiration).toBe(Date.parse(CLOCK_START) / 1000 + 24 * 3600)

    const cert = new X509Certificate(leaf.certificate)
    expect(cert.subjectAltName).toBe('DNS:app.example.com, DNS:api.example.com, IP Address:127.0.0.1')
    expect(cert.checkIssued(new X509Certificate(intermediatePem))).toBe(true)
    expect(cert.verify(new X509Certificate(intermediatePem).publicKey)).toBe(true)
    expect(cert.checkHost('api.example.com')).toBe('api.example.com')

    const verified = openssl((d) => ['verify', '-attime', at, '-CAfile', `${d}/root.pem`, '-untrusted', `${d}/int.pem`, `${d}/leaf.pem`], {
      'root.pem': rootPem,
      'int.pem': intermediatePem,
      'leaf.pem': leaf.certificate,
    })
    expect(verified.trim()).toMatch(/leaf\.pem: OK$/)
    const text = openssl((d) => ['x509', '-in', `${d}/leaf.pem`, '-noout', '-text'], { 'leaf.pem': leaf.certificate })
    expect(text).toMatch(/X509v3 Extended Key Usage: \s*TLS Web Server Authentication, TLS Web Client Authentication/)
    expect(text).toMatch(/X509v3 Key Usage: critical\s+Digital Signature, Key Encipherment, Key Agreement/)
  })

  it('refuses names outside allowed_domains, with Vault’s text', async () => {
    expect(await t.fails(400, 'POST', 'pki_int/issue/example-dot-com', { common_name: 'evil.com' })).toBe('common name evil.com not allowed by this role')
    expect(await t.fails(400, 'POST', 'pki_int/issue/example-dot-com', { common_name: 'example.com' })).toBe('common name example.com not allowed by this role')
    expect(await t.fails(400, 'POST', 'pki_int/issue/example-dot-com', { common_name: 'a.example.com', alt_names: 'b.evil.com' })).toBe(
      'subject alternate name b.evil.com not allowed by this role',
    )
    expect(await t.fails(400, 'POST', 'pki_int/issue/nobody', { common_name: 'a.example.com' })).toBe('unknown role: nobody')
  })

  it('caps at the role max_ttl, refuses to outlive the issuer', async () => {
    const long = await t.call('POST', 'pki_int/issue/example-dot-com', { common_name: 'a.example.com', ttl: '8760h' })
    expect((long.json as { warnings: string[] }).warnings).toEqual(['TTL "8760h0m0s" is longer than permitted maxTTL "720h0m0s", so maxTTL is being used'])
    await t.mount('short')
    await t.ok('POST', 'short/root/generate/internal', { common_name: 'Short-lived root', ttl: '1h', key_type: 'ec' })
    await t.ok('POST', 'short/roles/any', { allow_any_name: true, key_type: 'ec' })
    expect(await t.fails(400, 'POST', 'short/issue/any', { common_name: 'x', ttl: '2h' })).toBe(
      'cannot satisfy request, as TTL would result in notAfter of 2030-01-01T02:00:00Z that is beyond the expiration of the CA certificate at 2030-01-01T01:00:00Z',
    )
  })

  it('signs a CSR without seeing its key', async () => {
    const { generateKeyPairSync } = await import('node:crypto')
    const { x509 } = await import('./x509-runtime.js')
    const keys = generateKeyPairSync('ec', { namedCurve: 'P-256' })
    const csr = await x509.Pkcs10CertificateRequestGenerator.create({
      name: 'CN=csr.example.com',
      keys: {
        privateKey: keys.privateKey.toCryptoKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign']) as unknown as CryptoKey,
        publicKey: keys.publicKey.toCryptoKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['verify']) as unknown as CryptoKey,
      },
      signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' } as Algorithm,
    })
    const signed = await t.ok<Record<string, unknown>>('POST', 'pki_int/sign/example-dot-com', { csr: csr.toString('pem') })
    expect(signed['private_key']).toBeUndefined()
    const cert = new X509Certificate(String(signed['certificate']))
    expect(cert.subject).toBe('CN=csr.example.com')
    expect(cert.publicKey.export({ format: 'der', type: 'spki' }).equals(keys.publicKey.export({ format: 'der', type: 'spki' }))).toBe(true)
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 })
    const rsaCsr = await x509.Pkcs10CertificateRequestGenerator.create({
      name: 'CN=rsa.example.com',
      keys: {
        privateKey: rsa.privateKey.toCryptoKey({ name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, false, ['sign']) as unknown as CryptoKey,
        publicKey: rsa.publicKey.toCryptoKey({ name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, true, ['verify']) as unknown as CryptoKey,
      },
      signingAlgorithm: { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' } as Algorithm,
    })
    expect(await t.fails(400, 'POST', 'pki_int/sign/example-dot-com', { csr: rsaCsr.toString('pem') })).toBe('role requires keys of type ec')
  })

  it('revokes: the serial shows in the CRL and openssl refuses the certificate', async () => {
    const leaf = await t.ok<Issued>('POST', 'pki_int/issue/example-dot-com', { common_name: 'gone.example.com' })
    const revoked = await t.ok<Record<string, unknown>>('POST', 'pki_int/revoke', { serial_number: leaf.serial_number })
    expect(revoked).toEqual({ revocation_time: Date.parse(CLOCK_START) / 1000, revocation_time_rfc3339: '2030-01-01T00:00:00Z', state: 'revoked' })
    expect(await t.ok('GET', `pki_int/cert/${leaf.serial_number}`)).toMatchObject({ revocation_time: Date.parse(CLOCK_START) / 1000, certificate: leaf.certificate })

    const crl = await t.call('GET', 'pki_int/crl/pem', undefined, '')
    expect(crl.status).toBe(200)
    expect(crl.headers['content-type']).toBe('application/x-pem-file')
    const crlText = openssl((d) => ['crl', '-in', `${d}/crl.pem`, '-noout', '-text'], { 'crl.pem': String(crl.body) })
    expect(crlText).toContain(`Serial Number: ${leaf.serial_number.replace(/:/g, '').toUpperCase()}`)
    expect(crlText).toContain('Issuer: CN = example.com Intermediate')
    expect(crlText).toMatch(/X509v3 CRL Number: \s*\d+/)
    const der = await t.call('GET', 'pki_int/crl', undefined, '')
    expect(der.headers['content-type']).toBe('application/pkix-crl')

    const rootCrl = String((await t.call('GET', 'pki/crl/pem', undefined, '')).body)
    const check = (file: string, pem: string): string => {
      try {
        return openssl(
          (d) => ['verify', '-attime', at, '-crl_check_all', '-CAfile', `${d}/root.pem`, '-untrusted', `${d}/int.pem`, '-CRLfile', `${d}/crl.pem`, '-CRLfile', `${d}/root-crl.pem`, `${d}/${file}`],
          { 'root.pem': rootPem, 'int.pem': intermediatePem, 'crl.pem': String(crl.body), 'root-crl.pem': rootCrl, [file]: pem },
        )
      } catch (err) {
        return String((err as { stdout?: string; stderr?: string }).stdout ?? '') + String((err as { stderr?: string }).stderr ?? '')
      }
    }
    expect(check('revoked.pem', leaf.certificate)).toContain('certificate revoked')
    const fine = await t.ok<Issued>('POST', 'pki_int/issue/example-dot-com', { common_name: 'fine.example.com' })
    expect(check('fine.pem', fine.certificate)).toMatch(/fine\.pem: OK/)

    expect((await t.ok<{ keys: string[] }>('LIST', 'pki_int/certs/revoked')).keys).toContain(leaf.serial_number.replace(/:/g, '-'))
    expect(await t.fails(400, 'POST', 'pki_int/revoke', { serial_number: '11:22' })).toBe('certificate with serial 11:22 not found.')
  })

  it('refuses to revoke an issuer; lists certificates; tidies with a 202', async () => {
    const issuers = await t.ok<{ keys: string[]; key_info: Record<string, { serial_number: string; is_default: boolean }> }>('LIST', 'pki/issuers')
    const own = Object.entries(issuers.key_info).find(([, info]) => info.is_default)
    expect(own).toBeDefined()
    expect(await t.fails(400, 'POST', 'pki/revoke', { serial_number: own?.[1].serial_number })).toBe(`adding issuer (id: ${own?.[0]}) to its own CRL is not allowed`)
    expect((await t.ok<{ keys: string[] }>('LIST', 'pki_int/certs')).keys.length).toBeGreaterThan(2)
    const tidy = await t.call('POST', 'pki_int/tidy', { tidy_cert_store: true, tidy_revoked_certs: true })
    expect(tidy.status).toBe(202)
    expect((tidy.json as { warnings: string[] }).warnings).toEqual(["Tidy operation successfully started. Any information from the operation will be printed to Vault's server logs."])
    expect(await t.ok('GET', 'pki_int/tidy-status')).toMatchObject({ state: 'Finished' })
    const chain = await t.call('GET', 'pki_int/ca_chain', undefined, '')
    expect(String(chain.body)).toBe(`${intermediatePem}\n${rootPem}`)
  })
})

import { connect, createServer } from 'node:tls'
import type { Server } from 'node:tls'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startPki } from './test-harness.js'
import type { PkiHarness } from './test-harness.js'

/**
 * Real TLS with certificates from the emulator. The clock runs in real mode
 * here: a TLS peer checks validity against its own wall clock, so notBefore
 * and notAfter must be wall-clock times (a frozen 2030 clock would make every
 * certificate "not yet valid").
 */
let t: PkiHarness
let rootPem: string
const servers: Server[] = []

interface Issued {
  certificate: string
  private_key: string
  ca_chain: string[]
  serial_number: string
}

async function serve(leaf: Issued): Promise<number> {
  // The server sends its certificate and the intermediate; the client trusts only the root.
  const server = createServer({ key: leaf.private_key, cert: [leaf.certificate, ...leaf.ca_chain.slice(0, -1)].join('\n') }, (socket) => socket.end('hello'))
  servers.push(server)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return (server.address() as AddressInfo).port
}

function handshake(port: number, servername: string, crl?: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port, servername, ca: [rootPem], ...(crl ? { crl } : {}) }, () => {
      socket.once('data', (d) => {
        resolve(String(d))
        socket.end()
      })
    })
    socket.once('error', reject)
  })
}

beforeAll(async () => {
  t = await startPki({ mode: 'real' })
  await t.mount('pki')
  await t.mount('pki_int', '43800h')
  rootPem = (await t.ok<{ certificate: string }>('POST', 'pki/root/generate/internal', { common_name: 'Test Root', ttl: '87600h', key_type: 'ec' })).certificate
  const { csr } = await t.ok<{ csr: string }>('POST', 'pki_int/intermediate/generate/internal', { common_name: 'Test Intermediate', key_type: 'ec' })
  const signed = await t.ok<{ certificate: string }>('POST', 'pki/root/sign-intermediate', { csr, format: 'pem_bundle', ttl: '43800h' })
  await t.ok('POST', 'pki_int/intermediate/set-signed', { certificate: signed.certificate })
  await t.ok('POST', 'pki_int/roles/web', { allowed_domains: 'example.com', allow_subdomains: true, key_type: 'ec', max_ttl: '72h' })
})

afterAll(async () => {
  for (const server of servers) await new Promise((resolve) => server.close(resolve))
  await t.core.stop()
})

describe('TLS with an emulator-issued certificate', () => {
  it('a client trusting only the emulator’s root completes the handshake', async () => {
    const leaf = await t.ok<Issued>('POST', 'pki_int/issue/web', { common_name: 'app.example.com', ttl: '1h' })
    const port = await serve(leaf)
    expect(await handshake(port, 'app.example.com')).toBe('hello')
  })

  it('fails for a name outside the certificate, and the role will not issue one', async () => {
    const leaf = await t.ok<Issued>('POST', 'pki_int/issue/web', { common_name: 'app.example.com', ttl: '1h' })
    const port = await serve(leaf)
    await expect(handshake(port, 'evil.com')).rejects.toMatchObject({ code: 'ERR_TLS_CERT_ALTNAME_INVALID' })
    expect(await t.fails(400, 'POST', 'pki_int/issue/web', { common_name: 'evil.com' })).toBe('common name evil.com not allowed by this role')
  })

  it('fails for a revoked certificate once the client checks the CRLs', async () => {
    const leaf = await t.ok<Issued>('POST', 'pki_int/issue/web', { common_name: 'revoked.example.com', ttl: '1h' })
    const port = await serve(leaf)
    const crls = async (): Promise<string[]> => [String((await t.call('GET', 'pki/crl/pem')).body), String((await t.call('GET', 'pki_int/crl/pem')).body)]
    expect(await handshake(port, 'revoked.example.com', await crls())).toBe('hello')
    await t.ok('POST', 'pki_int/revoke', { serial_number: leaf.serial_number })
    await expect(handshake(port, 'revoked.example.com', await crls())).rejects.toMatchObject({ code: 'CERT_REVOKED' })
  })
})

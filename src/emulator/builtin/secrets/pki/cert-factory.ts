/**
 * Building and signing one X.509 certificate with the extensions Vault's Go
 * code puts in: key usage (critical), extended key usage, basic constraints
 * (critical, CAs only), subject and authority key IDs, the AIA and CRL
 * distribution URLs from `config/urls`, and the SANs.
 */
import type { KeyObject } from 'node:crypto'
import { x509 } from './x509-runtime.js'
import { signingAlgorithm, signingCryptoKey, spkiDer } from './key-pairs.js'
import type { UrlsConfig } from './records.js'

/** Subject attributes in the order Go's `pkix.Name` writes them. */
export interface SubjectFields {
  country: string[]
  province: string[]
  locality: string[]
  street_address: string[]
  postal_code: string[]
  organization: string[]
  ou: string[]
  common_name: string
  serial_number?: string
}

export interface CertSpec {
  serialHex: string
  subject: SubjectFields
  /** The certified key (public, or a private key whose public half is meant). */
  subjectKey: KeyObject
  notBeforeMs: number
  notAfterMs: number
  isCA: boolean
  /** CA only: -1 leaves the path length unconstrained. */
  maxPathLength: number
  /** `x509.KeyUsageFlags` bits. */
  keyUsage: number
  extKeyUsage: string[]
  dnsNames: string[]
  emails: string[]
  ipAddresses: string[]
  uris: string[]
  urls: UrlsConfig
  signer: {
    key: KeyObject
    /** The issuer's certificate (DER); absent for a self-signed root. */
    certificate?: Buffer
    signatureBits: number
  }
}

/** JSON name for `@peculiar/x509` (OIDs for street, postal code and serial number). */
export function jsonName(fields: SubjectFields): Record<string, string[]>[] {
  const out: Record<string, string[]>[] = []
  const add = (key: string, values: string[]): void => {
    for (const value of values) if (value !== '') out.push({ [key]: [value] })
  }
  add('C', fields.country)
  add('ST', fields.province)
  add('L', fields.locality)
  add('2.5.4.9', fields.street_address)
  add('2.5.4.17', fields.postal_code)
  add('O', fields.organization)
  add('OU', fields.ou)
  add('CN', [fields.common_name])
  add('2.5.4.5', [fields.serial_number ?? ''])
  return out
}

/** A fresh ArrayBuffer with the bytes (what the library's BufferSource types want). */
export function arrayBufferOf(bytes: Uint8Array): ArrayBuffer {
  const copy = new ArrayBuffer(bytes.byteLength)
  new Uint8Array(copy).set(bytes)
  return copy
}

function whole(ms: number): Date {
  return new Date(Math.floor(ms / 1000) * 1000)
}

export interface BuiltCert {
  der: Buffer
  pem: string
}

export async function buildCertificate(spec: CertSpec): Promise<BuiltCert> {
  const subjectPublic = new x509.PublicKey(arrayBufferOf(spkiDer(spec.subjectKey)))
  const ski = await x509.SubjectKeyIdentifierExtension.create(subjectPublic)
  const issuerCert = spec.signer.certificate ? new x509.X509Certificate(arrayBufferOf(spec.signer.certificate)) : undefined
  const akid = issuerCert ? issuerCert.getExtension(x509.SubjectKeyIdentifierExtension)?.keyId : ski.keyId

  const extensions: x509.Extension[] = [new x509.KeyUsagesExtension(spec.keyUsage, true)]
  if (spec.extKeyUsage.length > 0) extensions.push(new x509.ExtendedKeyUsageExtension(spec.extKeyUsage))
  if (spec.isCA) extensions.push(new x509.BasicConstraintsExtension(true, spec.maxPathLength >= 0 ? spec.maxPathLength : undefined, true))
  extensions.push(ski)
  if (akid) extensions.push(new x509.AuthorityKeyIdentifierExtension(akid))
  if (spec.urls.issuing_certificates.length > 0 || spec.urls.ocsp_servers.length > 0) {
    extensions.push(
      new x509.AuthorityInfoAccessExtension({
        ...(spec.urls.ocsp_servers.length > 0 ? { ocsp: spec.urls.ocsp_servers.map((u) => new x509.GeneralName('url', u)) } : {}),
        ...(spec.urls.issuing_certificates.length > 0 ? { caIssuers: spec.urls.issuing_certificates.map((u) => new x509.GeneralName('url', u)) } : {}),
      }),
    )
  }
  const sans: x509.JsonGeneralName[] = [
    ...spec.dnsNames.map((value) => ({ type: 'dns' as const, value })),
    ...spec.emails.map((value) => ({ type: 'email' as const, value })),
    ...spec.ipAddresses.map((value) => ({ type: 'ip' as const, value })),
    ...spec.uris.map((value) => ({ type: 'url' as const, value })),
  ]
  if (sans.length > 0) extensions.push(new x509.SubjectAlternativeNameExtension(sans))
  if (spec.urls.crl_distribution_points.length > 0) extensions.push(new x509.CRLDistributionPointsExtension(spec.urls.crl_distribution_points))

  const subject = jsonName(spec.subject)
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: spec.serialHex,
    subject,
    issuer: issuerCert ? issuerCert.subjectName : subject,
    notBefore: whole(spec.notBeforeMs),
    notAfter: whole(spec.notAfterMs),
    publicKey: subjectPublic,
    signingKey: (await signingCryptoKey(spec.signer.key, spec.signer.signatureBits)) as unknown as CryptoKey,
    signingAlgorithm: signingAlgorithm(spec.signer.key, spec.signer.signatureBits) as Algorithm,
    extensions,
  })
  const der = Buffer.from(cert.rawData)
  return { der, pem: derToPem(der, 'CERTIFICATE') }
}

/** PEM text without a trailing newline (as Vault returns certificates). */
export function derToPem(der: Buffer, label: string): string {
  const lines = der.toString('base64').match(/.{1,64}/g) ?? []
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----`
}

/** Every DER block of `label` in a PEM text. */
export function pemBlocks(text: string, labels: readonly string[]): { label: string; der: Buffer }[] {
  const out: { label: string; der: Buffer }[] = []
  const re = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/g
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const label = m[1] as string
    if (labels.includes(label)) out.push({ label, der: Buffer.from((m[2] as string).replace(/\s+/g, ''), 'base64') })
  }
  return out
}

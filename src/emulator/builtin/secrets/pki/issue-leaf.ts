/**
 * Issuing an end-entity certificate from a role (`issue/<role>` generates the
 * key, `sign/<role>` certifies a CSR's): names checked against the role,
 * validity bounded by the role, the mount and the issuer, signed by the
 * role's issuer.
 */
import type { KeyObject } from 'node:crypto'
import { internalError } from '../../../core/errors.js'
import type { PkiEngine } from './engine.js'
import type { PkiRole } from './role-record.js'
import type { CreationRequest } from './creation-params.js'
import { creationParams } from './creation-params.js'
import type { ParsedCsr } from './csr.js'
import { buildCertificate } from './cert-factory.js'
import { generateKeys, keyBitsOrDefault } from './key-pairs.js'
import type { PkiKeyType } from './key-pairs.js'
import { issuerChain, signingIssuer } from './issuer-store.js'
import type { LoadedIssuer } from './issuer-store.js'
import { certs, readUrlsConfig } from './records.js'
import { keyUsageBits, extKeyUsageOids } from './key-usage.js'
import { colonSerial, newSerialHex, storageSerial } from './serial.js'

export interface IssuedLeaf {
  pem: string
  der: Buffer
  serialNumber: string
  notAfterMs: number
  privateKey?: KeyObject
  issuer: LoadedIssuer
  /** PEMs of the issuer and the issuers above it. */
  caChain: string[]
  warnings: string[]
}

export async function issueLeaf(engine: PkiEngine, role: PkiRole, req: CreationRequest, csr?: ParsedCsr): Promise<IssuedLeaf> {
  const storage = engine.storage
  let signer: ReturnType<typeof signingIssuer>
  try {
    signer = signingIssuer(storage, role.issuer_ref || 'default')
  } catch (err) {
    // Vault returns this as a bare error: 500 in multierror form.
    throw internalError(`could not fetch the CA certificate (was one set?): ${err instanceof Error ? err.message : String(err)}`)
  }
  const nowMs = engine.clock.now()
  const params = creationParams(role, req, csr?.names, {
    mount: engine.mountTtls,
    nowMs,
    ca: { notAfterMs: signer.issuer.cert.validToDate.getTime(), behavior: signer.issuer.record.leaf_not_after_behavior },
  })
  let privateKey: KeyObject | undefined
  let subjectKey: KeyObject
  if (csr) subjectKey = csr.publicKey
  else {
    const type = role.key_type as PkiKeyType
    const pair = await generateKeys(type, keyBitsOrDefault(type, role.key_bits))
    privateKey = pair.privateKey
    subjectKey = pair.publicKey
  }
  const serialHex = newSerialHex()
  const built = await buildCertificate({
    serialHex,
    subject: params.subject,
    subjectKey,
    notBeforeMs: params.notBeforeMs,
    notAfterMs: params.notAfterMs,
    isCA: false,
    maxPathLength: -1,
    keyUsage: keyUsageBits(role.key_usage),
    extKeyUsage: extKeyUsageOids(role),
    dnsNames: params.dnsNames,
    emails: params.emails,
    ipAddresses: params.ipAddresses,
    uris: params.uris,
    urls: readUrlsConfig(storage),
    signer: { key: signer.key, certificate: signer.issuer.der, signatureBits: role.signature_bits },
  })
  const serialNumber = colonSerial(serialHex)
  if (!role.no_store) certs.put(storage, storageSerial(serialNumber), { der: built.der.toString('base64') })
  return {
    pem: built.pem,
    der: built.der,
    serialNumber,
    notAfterMs: params.notAfterMs,
    ...(privateKey ? { privateKey } : {}),
    issuer: signer.issuer,
    caChain: issuerChain(storage, signer.issuer).map((i) => i.record.certificate),
    warnings: params.warnings,
  }
}

/**
 * Reading a PKCS#10 request the way Vault's `signCert` needs it: the public
 * key (type and size) and the names it asks for.
 */
import { createPublicKey } from 'node:crypto'
import type { KeyObject } from 'node:crypto'
import { x509 } from './x509-runtime.js'
import { arrayBufferOf, pemBlocks } from './cert-factory.js'
import type { CsrNames } from './creation-params.js'
import { keyBitsOf, keyTypeOf } from './key-pairs.js'
import { pkiUserError } from './pki-error.js'

export interface ParsedCsr {
  publicKey: KeyObject
  keyType: string
  keyBits: number
  names: CsrNames
  /** The subject DN exactly as the CSR has it. */
  subject: x509.Name
}

export function parseCsr(text: string): ParsedCsr {
  if (text === '') throw pkiUserError('"csr" is empty')
  const block = pemBlocks(text, ['CERTIFICATE REQUEST', 'NEW CERTIFICATE REQUEST'])[0]
  if (!block) throw pkiUserError('csr contains no data')
  let csr: x509.Pkcs10CertificateRequest
  let publicKey: KeyObject
  try {
    csr = new x509.Pkcs10CertificateRequest(arrayBufferOf(block.der))
    publicKey = createPublicKey({ key: Buffer.from(csr.publicKey.rawData), format: 'der', type: 'spki' })
  } catch (err) {
    throw pkiUserError(`certificate request could not be parsed: ${err instanceof Error ? err.message : String(err)}`)
  }
  const names: CsrNames = { commonName: csr.subjectName.getField('CN')[0] ?? '', dnsNames: [], emails: [], ipAddresses: [], uris: [] }
  const san = csr.getExtension('2.5.29.17')
  const sanItems = san ? new x509.SubjectAlternativeNameExtension(san.rawData).names.items : []
  for (const item of sanItems) {
    if (item.type === 'dns') names.dnsNames.push(item.value)
    else if (item.type === 'email') names.emails.push(item.value)
    else if (item.type === 'ip') names.ipAddresses.push(item.value)
    else if (item.type === 'url') names.uris.push(item.value)
  }
  let keyType: string
  try {
    keyType = keyTypeOf(publicKey)
  } catch {
    throw pkiUserError(`Unknown key type in CSR: ${String(publicKey.asymmetricKeyType)}`)
  }
  return { publicKey, keyType, keyBits: keyBitsOf(publicKey), names, subject: csr.subjectName }
}

/** Vault's key checks on a CSR for a role's `key_type`/`key_bits` (`signCert`). */
export function checkCsrKey(csr: ParsedCsr, roleKeyType: string, roleKeyBits: number): void {
  if (roleKeyType !== 'any' && csr.keyType !== roleKeyType) throw pkiUserError(`role requires keys of type ${roleKeyType}`)
  let minimum = roleKeyBits
  if (roleKeyType === 'any') minimum = csr.keyType === 'rsa' ? 2048 : csr.keyType === 'ec' ? 224 : 0
  if (csr.keyType === 'rsa' || csr.keyType === 'ec') {
    if (csr.keyBits < minimum) throw pkiUserError(`role requires a minimum of a ${minimum}-bit key, but CSR's key is ${csr.keyBits} bits`)
    if (csr.keyType === 'rsa' && csr.keyBits < 2048) throw pkiUserError(`Vault requires a minimum of a 2048-bit key, but CSR's key is ${csr.keyBits} bits`)
  }
}

/**
 * Vault's key usage names (`DigitalSignature`, `KeyEncipherment`...) and
 * extended key usage names and flags, as certificate bits and OIDs.
 */
const KEY_USAGE_BITS: Record<string, number> = {
  digitalsignature: 1,
  contentcommitment: 2,
  nonrepudiation: 2,
  keyencipherment: 4,
  dataencipherment: 8,
  keyagreement: 16,
  certsign: 32,
  crlsign: 64,
  encipheronly: 128,
  decipheronly: 256,
}

/** Bits for `key_usage` names; unknown names are ignored, as Vault does. */
export function keyUsageBits(names: readonly string[]): number {
  let bits = 0
  for (const name of names) bits |= KEY_USAGE_BITS[name.trim().toLowerCase().replace(/^keyusage/, '')] ?? 0
  return bits
}

/** In the order Go adds them to a certificate. */
const EXT_KEY_USAGES: [string, string][] = [
  ['any', '2.5.29.37.0'],
  ['serverauth', '1.3.6.1.5.5.7.3.1'],
  ['clientauth', '1.3.6.1.5.5.7.3.2'],
  ['codesigning', '1.3.6.1.5.5.7.3.3'],
  ['emailprotection', '1.3.6.1.5.5.7.3.4'],
  ['ipsecendsystem', '1.3.6.1.5.5.7.3.5'],
  ['ipsectunnel', '1.3.6.1.5.5.7.3.6'],
  ['ipsecuser', '1.3.6.1.5.5.7.3.7'],
  ['timestamping', '1.3.6.1.5.5.7.3.8'],
  ['ocspsigning', '1.3.6.1.5.5.7.3.9'],
  ['microsoftservergatedcrypto', '1.3.6.1.4.1.311.10.3.3'],
  ['netscapeservergatedcrypto', '2.16.840.1.113730.4.1'],
  ['microsoftcommercialcodesigning', '1.3.6.1.4.1.311.2.1.22'],
  ['microsoftkernelcodesigning', '1.3.6.1.4.1.311.61.1.1'],
]

export interface ExtKeyUsageInput {
  server_flag: boolean
  client_flag: boolean
  code_signing_flag: boolean
  email_protection_flag: boolean
  ext_key_usage: string[]
  ext_key_usage_oids: string[]
}

export function extKeyUsageOids(role: ExtKeyUsageInput): string[] {
  const wanted = new Set(role.ext_key_usage.map((n) => n.trim().toLowerCase().replace(/^extkeyusage/, '')))
  if (role.server_flag) wanted.add('serverauth')
  if (role.client_flag) wanted.add('clientauth')
  if (role.code_signing_flag) wanted.add('codesigning')
  if (role.email_protection_flag) wanted.add('emailprotection')
  const oids = EXT_KEY_USAGES.filter(([name]) => wanted.has(name)).map(([, oid]) => oid)
  return [...oids, ...role.ext_key_usage_oids]
}

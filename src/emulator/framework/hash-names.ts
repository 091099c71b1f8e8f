/** Vault's hash algorithm names → Node's (`none` only where a path allows it). */
export const NODE_HASHES: Readonly<Record<string, string | null>> = {
  none: null,
  sha1: 'sha1',
  'sha2-224': 'sha224',
  'sha2-256': 'sha256',
  'sha2-384': 'sha384',
  'sha2-512': 'sha512',
  'sha3-224': 'sha3-224',
  'sha3-256': 'sha3-256',
  'sha3-384': 'sha3-384',
  'sha3-512': 'sha3-512',
}

export function isHashName(name: string): boolean {
  return Object.hasOwn(NODE_HASHES, name)
}

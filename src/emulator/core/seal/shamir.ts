/**
 * Shamir's secret sharing of the root key, in Vault's share layout: the
 * y-values (one per secret byte) followed by one byte holding x, so a share of
 * a 32-byte key is 33 bytes. One share means no split: the key itself.
 *
 * The arithmetic comes from `shamir-secret-sharing` (Privy): independently
 * audited (Cure53, Zellic), written in TypeScript, GF(2^8) with Vault's share
 * layout. secrets.js-grempe, the other common choice, is unmaintained and
 * uses its own hex share format.
 */
import { combine, split } from 'shamir-secret-sharing'

/** Split `secret` into `shares` parts, any `threshold` of which rebuild it. */
export async function splitKey(secret: Uint8Array, shares: number, threshold: number): Promise<Uint8Array[]> {
  if (shares === 1) return [Uint8Array.from(secret)]
  // The library checks `constructor === Uint8Array`: a Node Buffer would be refused.
  return split(Uint8Array.from(secret), shares, threshold)
}

/** Rebuild the secret from `parts`; throws with Vault's messages on malformed input. */
export async function combineKey(parts: readonly Uint8Array[]): Promise<Uint8Array> {
  if (parts.length < 2) throw new Error('less than two parts cannot be used to reconstruct the secret')
  const first = parts[0] as Uint8Array
  if (first.length < 2) throw new Error('parts must be at least two bytes')
  const seen = new Set<number>()
  for (const part of parts) {
    if (part.length !== first.length) throw new Error('all parts must be the same length')
    const x = part[part.length - 1] as number
    if (seen.has(x)) throw new Error('duplicate part detected')
    seen.add(x)
  }
  return combine(parts.map((p) => Uint8Array.from(p)))
}

/**
 * Certificate serial numbers as Vault makes and spells them: random below
 * 2^159 (here: 20 bytes whose first is 0x01..0x7f, so always 20 bytes and
 * positive), shown as lowercase colon-separated hex, stored under the
 * hyphenated form. Clients may send either separator.
 */
import { randomBytes } from 'node:crypto'

/** A new serial, as plain hex (what `@peculiar/x509` takes). */
export function newSerialHex(): string {
  const bytes = randomBytes(20)
  bytes[0] = ((bytes[0] as number) % 0x7f) + 1
  return bytes.toString('hex')
}

/** `17:67:16:b0:...` from hex (any case, leading zero bytes dropped as Go's big.Int does). */
export function colonSerial(hex: string): string {
  let clean = hex.toLowerCase().replace(/[^0-9a-f]/g, '')
  if (clean.length % 2 === 1) clean = `0${clean}`
  while (clean.length > 2 && clean.startsWith('00')) clean = clean.slice(2)
  return clean.match(/../g)?.join(':') ?? ''
}

/** The storage form: lowercase, hyphen-separated (Vault's `normalizeSerial`). */
export function storageSerial(serial: string): string {
  return serial.toLowerCase().replace(/:/g, '-')
}

/**
 * Reading an ASN.1 DER ECDSA signature (`SEQUENCE { r INTEGER, s INTEGER }`),
 * enough to tell Vault's two errors apart: unparseable, or trailing bytes.
 */

export interface DerSignature {
  r: Buffer
  s: Buffer
  /** Bytes after the SEQUENCE. */
  rest: Buffer
}

function readLength(buf: Buffer, at: number): { length: number; next: number } | undefined {
  const first = buf[at]
  if (first === undefined) return undefined
  if (first < 0x80) return { length: first, next: at + 1 }
  const count = first & 0x7f
  if (count === 0 || count > 2 || at + 1 + count > buf.length) return undefined
  let length = 0
  for (let i = 0; i < count; i++) length = length * 256 + (buf[at + 1 + i] as number)
  return { length, next: at + 1 + count }
}

function readInteger(buf: Buffer, at: number): { value: Buffer; next: number } | undefined {
  if (buf[at] !== 0x02) return undefined
  const len = readLength(buf, at + 1)
  if (!len || len.length === 0 || len.next + len.length > buf.length) return undefined
  return { value: buf.subarray(len.next, len.next + len.length), next: len.next + len.length }
}

export function parseDerSignature(sig: Buffer): DerSignature | undefined {
  if (sig[0] !== 0x30) return undefined
  const seq = readLength(sig, 1)
  if (!seq || seq.next + seq.length > sig.length) return undefined
  const end = seq.next + seq.length
  const r = readInteger(sig, seq.next)
  if (!r) return undefined
  const s = readInteger(sig, r.next)
  if (!s || s.next !== end) return undefined
  return { r: r.value, s: s.value, rest: sig.subarray(end) }
}

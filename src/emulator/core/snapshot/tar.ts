/**
 * The POSIX ustar archive format, as much of it as snapshots need: regular
 * files with short names. Each member is a 512-byte header (octal numeric
 * fields, a checksum over the header with the checksum field read as spaces)
 * followed by the data padded to 512 bytes; two zero blocks end the archive.
 * Readers skip pax/GNU extension records and directories.
 */

const BLOCK = 512

export interface TarMember {
  name: string
  data: Uint8Array
  /** Modification time, Unix seconds. */
  mtime?: number
  mode?: number
}

export class TarError extends Error {
  override name = 'TarError'
}

function writeString(header: Buffer, offset: number, length: number, text: string): void {
  const bytes = Buffer.from(text, 'utf8')
  if (bytes.length > length) throw new TarError(`tar field too long: ${JSON.stringify(text)}`)
  bytes.copy(header, offset)
}

/** An octal number in `length - 1` digits, NUL-terminated. */
function writeOctal(header: Buffer, offset: number, length: number, value: number): void {
  const digits = Math.trunc(value).toString(8)
  if (digits.length > length - 1) throw new TarError(`tar numeric field overflow: ${value}`)
  writeString(header, offset, length, `${digits.padStart(length - 1, '0')}\0`)
}

function checksum(header: Uint8Array): number {
  let sum = 0
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : (header[i] as number)
  return sum
}

function headerFor(member: TarMember): Buffer {
  const header = Buffer.alloc(BLOCK)
  writeString(header, 0, 100, member.name)
  writeOctal(header, 100, 8, member.mode ?? 0o600)
  writeOctal(header, 108, 8, 0) // uid
  writeOctal(header, 116, 8, 0) // gid
  writeOctal(header, 124, 12, member.data.length)
  writeOctal(header, 136, 12, member.mtime ?? 0)
  header.write('0', 156, 'ascii') // typeflag: regular file
  writeString(header, 257, 6, 'ustar\0')
  writeString(header, 263, 2, '00')
  writeString(header, 148, 8, `${checksum(header).toString(8).padStart(6, '0')}\0 `)
  return header
}

export function writeTar(members: readonly TarMember[]): Buffer {
  const parts: Uint8Array[] = []
  for (const member of members) {
    parts.push(headerFor(member), member.data)
    const pad = (BLOCK - (member.data.length % BLOCK)) % BLOCK
    if (pad > 0) parts.push(Buffer.alloc(pad))
  }
  parts.push(Buffer.alloc(BLOCK * 2))
  return Buffer.concat(parts)
}

function readString(block: Buffer, offset: number, length: number): string {
  const field = block.subarray(offset, offset + length)
  const nul = field.indexOf(0)
  return field.subarray(0, nul === -1 ? length : nul).toString('utf8')
}

function readOctal(block: Buffer, offset: number, length: number): number {
  const field = block.subarray(offset, offset + length)
  if (((field[0] as number) & 0x80) !== 0) {
    // GNU base-256: big-endian binary after the marker bit.
    let value = (field[0] as number) & 0x7f
    for (let i = 1; i < field.length; i++) value = value * 256 + (field[i] as number)
    return value
  }
  const text = field.toString('ascii').replace(/\0.*$/s, '').trim()
  if (text === '') return 0
  if (!/^[0-7]+$/.test(text)) throw new TarError(`bad tar numeric field ${JSON.stringify(text)}`)
  return Number.parseInt(text, 8)
}

/** Regular-file members, in archive order. */
export function readTar(archive: Uint8Array): TarMember[] {
  const buf = Buffer.from(archive.buffer, archive.byteOffset, archive.byteLength)
  const members: TarMember[] = []
  let offset = 0
  while (offset + BLOCK <= buf.length) {
    const block = buf.subarray(offset, offset + BLOCK)
    if (block.every((b) => b === 0)) break
    if (readOctal(block, 148, 8) !== checksum(block)) throw new TarError('tar header checksum mismatch')
    const size = readOctal(block, 124, 12)
    const type = String.fromCharCode(block[156] as number)
    const start = offset + BLOCK
    if (start + size > buf.length) throw new TarError('tar member truncated')
    if (type === '0' || type === '\0') {
      const prefix = readString(block, 345, 155)
      const name = readString(block, 0, 100)
      members.push({ name: prefix ? `${prefix}/${name}` : name, data: buf.subarray(start, start + size), mtime: readOctal(block, 136, 12), mode: readOctal(block, 100, 8) })
    }
    offset = start + Math.ceil(size / BLOCK) * BLOCK
  }
  return members
}

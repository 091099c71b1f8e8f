/**
 * Token and accessor strings in Vault's shapes: service tokens are `hvs.` +
 * unpadded base64url of a small protobuf (so they start `hvs.CAESI` and are
 * 95 characters long), batch tokens start `hvb.`, accessors are 24 base62.
 */
import { createHmac } from 'node:crypto'
import { randomBase62 } from './ids.js'

function varint(n: number): number[] {
  const out: number[] = []
  let v = n
  while (v > 0x7f) {
    out.push((v & 0x7f) | 0x80)
    v >>>= 7
  }
  out.push(v)
  return out
}

function bytesField(fieldNumber: number, bytes: Uint8Array): number[] {
  return [(fieldNumber << 3) | 2, ...varint(bytes.length), ...bytes]
}

/** A new service token: SignedToken{version=1, hmac, Token{random "hvs."+24 base62}}. */
export function newServiceTokenId(hmacKey: Uint8Array): string {
  const inner = `hvs.${randomBase62(24)}`
  const token = Uint8Array.from(bytesField(1, Buffer.from(inner)))
  const mac = createHmac('sha256', hmacKey).update(token).digest()
  const signed = Uint8Array.from([0x08, 0x01, ...bytesField(2, mac), ...bytesField(3, token)])
  return `hvs.${Buffer.from(signed).toString('base64url')}`
}

/** The short form Vault uses for root tokens from init and generate-root. */
export function newRootTokenId(): string {
  return `hvs.${randomBase62(24)}`
}

export function newBatchTokenId(): string {
  return `hvb.${Buffer.from(randomBase62(96)).toString('base64url')}`
}

export function newAccessor(): string {
  return randomBase62(24)
}

/**
 * How `sys/generate-root` hands out the new root token: XOR with a one-time
 * password of the same length, then unpadded standard base64. The operator
 * decodes it with `vault operator generate-root -decode=<encoded> -otp=<otp>`
 * (or `sys/decode-token`): base64-decode, XOR with the OTP again.
 */

export class TokenDecodeError extends Error {
  override name = 'TokenDecodeError'
}

function xor(a: Uint8Array, b: Uint8Array): Buffer {
  if (a.length !== b.length) throw new TokenDecodeError(`length of byte slices is not equivalent: ${a.length} != ${b.length}`)
  const out = Buffer.alloc(a.length)
  for (let i = 0; i < a.length; i++) out[i] = (a[i] as number) ^ (b[i] as number)
  return out
}

export function encodeRootToken(token: string, otp: string): string {
  return xor(Buffer.from(otp), Buffer.from(token)).toString('base64').replace(/=+$/, '')
}

/**
 * Decode the `encoded_token` of a finished `sys/generate-root` with the OTP the
 * attempt was started with (what `vault operator generate-root -decode` does).
 * Throws TokenDecodeError with Vault's messages.
 *
 * @example
 * const { otp } = (await vault.request('PUT', 'sys/generate-root/attempt')).json as { otp: string }
 * // ... sys/generate-root/update with the key shares returns encoded_token ...
 * const rootToken = decodeRootToken(encodedToken, otp)
 */
export function decodeRootToken(encoded: string, otp: string): string {
  if (!/^[A-Za-z0-9+/]*$/.test(encoded) || encoded.length % 4 === 1) {
    throw new TokenDecodeError("error decoding base64'd token: illegal base64 data")
  }
  try {
    return xor(Buffer.from(encoded, 'base64'), Buffer.from(otp)).toString('utf8')
  } catch (err) {
    if (err instanceof TokenDecodeError) throw new TokenDecodeError(`error xoring token: ${err.message}`)
    throw err
  }
}

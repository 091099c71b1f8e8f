/**
 * Go's `base64.StdEncoding.DecodeString`: strict (padding required, no
 * whitespace), failing with Go's `illegal base64 data at input byte N`, which
 * transit puts verbatim into batch results.
 */

const ALPHABET = /^[A-Za-z0-9+/]$/

export class Base64Error extends Error {
  override name = 'Base64Error'
  constructor(readonly offset: number) {
    super(`illegal base64 data at input byte ${offset}`)
  }
}

/** Decode standard, padded base64; throws {@link Base64Error} where Go would. */
export function decodeStdBase64(text: string): Buffer {
  let end = text.length
  let pad = 0
  while (pad < 2 && end > 0 && text[end - 1] === '=') {
    end--
    pad++
  }
  for (let i = 0; i < end; i++) {
    if (!ALPHABET.test(text[i] as string)) throw new Base64Error(i)
  }
  if (text.length % 4 !== 0) throw new Base64Error(text.length - (text.length % 4))
  // `xy==` needs exactly two data characters in its last quantum, `xyz=` three.
  if (pad > 0 && end % 4 !== 4 - pad) throw new Base64Error(end)
  return Buffer.from(text, 'base64')
}

/** Whether `text` decodes under {@link decodeStdBase64}. */
export function isStdBase64(text: string): boolean {
  try {
    decodeStdBase64(text)
    return true
  } catch {
    return false
  }
}

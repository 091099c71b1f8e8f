/**
 * Paragraph wrapping as the vault CLI does it (kr/text's minimum-raggedness
 * algorithm at 78 columns), so advice text breaks on the same words.
 *
 * @example
 * wrapAtLength('Vault initialized with 5 key shares and ...')
 */

const MAX_LINE_LENGTH = 78
const OVERFLOW_PENALTY = 100_000

/** Wraps `text` to `limit` columns with minimal raggedness; newlines become spaces first. */
export function wrapText(text: string, limit: number): string {
  const words = text.trim().replaceAll('\n', ' ').split(' ')
  const n = words.length
  const width = (i: number, j: number) => {
    let w = 0
    for (let k = i; k <= j; k++) w += [...(words[k] as string)].length + (k > i ? 1 : 0)
    return w
  }
  const cost = new Array<number>(n).fill(Number.MAX_SAFE_INTEGER)
  const breakAt = new Array<number>(n).fill(n)
  for (let i = n - 1; i >= 0; i--) {
    if (width(i, n - 1) <= limit || i === n - 1) {
      cost[i] = 0
      breakAt[i] = n
      continue
    }
    for (let j = i + 1; j < n; j++) {
      const lineWidth = width(i, j - 1)
      const slack = limit - lineWidth
      const c = slack * slack + (cost[j] as number) + (lineWidth > limit ? OVERFLOW_PENALTY : 0)
      if (c < (cost[i] as number)) {
        cost[i] = c
        breakAt[i] = j
      }
    }
  }
  const lines: string[] = []
  for (let i = 0; i < n; i = breakAt[i] as number) lines.push(words.slice(i, breakAt[i]).join(' '))
  return lines.join('\n')
}

/** vault's `wrapAtLengthWithPadding`: wrap at 78 minus `pad`, then indent each line by `pad`. */
export function wrapAtLength(text: string, pad = 0): string {
  return wrapText(text, MAX_LINE_LENGTH - pad)
    .split('\n')
    .map((line) => ' '.repeat(pad) + line)
    .join('\n')
}

/**
 * Go's reference-time layouts (`2006-01-02 15:04:05-0700`), rendered in UTC:
 * what Vault feeds `{{expiration}}` and the username template's `timestamp`.
 * Times are epoch milliseconds from the core clock.
 */

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December']
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday']

/** The layout Vault's postgres plugin uses for `{{expiration}}`. */
export const EXPIRATION_LAYOUT = '2006-01-02 15:04:05-0700'

const pad = (n: number, width: number): string => String(n).padStart(width, '0')

type Token = (d: Date) => string

/** Longest first, so `2006` wins over `2` and `January` over `Jan`. */
const TOKENS: Array<[string, Token]> = [
  ['January', (d) => MONTHS[d.getUTCMonth()] ?? ''],
  ['Monday', (d) => DAYS[d.getUTCDay()] ?? ''],
  ['Z07:00', () => 'Z'],
  ['-07:00', () => '+00:00'],
  ['Z0700', () => 'Z'],
  ['-0700', () => '+0000'],
  ['2006', (d) => pad(d.getUTCFullYear(), 4)],
  ['.000000000', (d) => `.${pad(d.getUTCMilliseconds(), 3)}000000`],
  ['.000000', (d) => `.${pad(d.getUTCMilliseconds(), 3)}000`],
  ['.000', (d) => `.${pad(d.getUTCMilliseconds(), 3)}`],
  ['.999999999', (d) => trimFraction(d)],
  ['.999999', (d) => trimFraction(d)],
  ['.999', (d) => trimFraction(d)],
  ['Jan', (d) => (MONTHS[d.getUTCMonth()] ?? '').slice(0, 3)],
  ['Mon', (d) => (DAYS[d.getUTCDay()] ?? '').slice(0, 3)],
  ['MST', () => 'UTC'],
  ['-07', () => '+00'],
  ['002', (d) => pad(dayOfYear(d), 3)],
  ['01', (d) => pad(d.getUTCMonth() + 1, 2)],
  ['02', (d) => pad(d.getUTCDate(), 2)],
  ['_2', (d) => String(d.getUTCDate()).padStart(2, ' ')],
  ['15', (d) => pad(d.getUTCHours(), 2)],
  ['03', (d) => pad(hour12(d), 2)],
  ['04', (d) => pad(d.getUTCMinutes(), 2)],
  ['05', (d) => pad(d.getUTCSeconds(), 2)],
  ['06', (d) => pad(d.getUTCFullYear() % 100, 2)],
  ['PM', (d) => (d.getUTCHours() >= 12 ? 'PM' : 'AM')],
  ['pm', (d) => (d.getUTCHours() >= 12 ? 'pm' : 'am')],
  ['1', (d) => String(d.getUTCMonth() + 1)],
  ['2', (d) => String(d.getUTCDate())],
  ['3', (d) => String(hour12(d))],
  ['4', (d) => String(d.getUTCMinutes())],
  ['5', (d) => String(d.getUTCSeconds())],
]

function hour12(d: Date): number {
  const h = d.getUTCHours() % 12
  return h === 0 ? 12 : h
}

function dayOfYear(d: Date): number {
  return Math.floor((d.getTime() - Date.UTC(d.getUTCFullYear(), 0, 1)) / 86_400_000) + 1
}

function trimFraction(d: Date): string {
  const ms = d.getUTCMilliseconds()
  return ms === 0 ? '' : `.${pad(ms, 3).replace(/0+$/, '')}`
}

/** Render `epochMs` (UTC) with a Go layout string. */
export function formatGoTime(epochMs: number, layout: string): string {
  const date = new Date(epochMs)
  let out = ''
  let i = 0
  outer: while (i < layout.length) {
    for (const [token, render] of TOKENS) {
      if (layout.startsWith(token, i)) {
        out += render(date)
        i += token.length
        continue outer
      }
    }
    out += layout[i]
    i++
  }
  return out
}

/** Go's `time.RFC3339Nano` (how a `time.Time` marshals to JSON), in UTC. */
export function formatRfc3339Nano(epochMs: number): string {
  return formatGoTime(epochMs, '2006-01-02T15:04:05.999999999Z07:00')
}

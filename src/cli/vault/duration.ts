/**
 * Durations as the vault CLI reads and prints them: flags take Go durations
 * (`1h30m`), whole seconds (`90`) or days (`7d`); output prints seconds the way
 * Go's `time.Duration` does without trailing zero units (`768h`, `59m59s`, `1h`).
 */

const UNIT_SECONDS: Record<string, number> = { ns: 1e-9, us: 1e-6, 'µs': 1e-6, ms: 1e-3, s: 1, m: 60, h: 3600, d: 86400 }

/** Parses a vault flag duration to whole seconds (`system` means -1); `undefined` when malformed. */
export function parseGoDurationSeconds(raw: string): number | undefined {
  const text = raw.trim()
  if (text === 'system') return -1
  if (/^[-+]?\d+$/.test(text)) return Number(text)
  const match = /^([-+]?)((?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|ms|s|m|h|d))+$/.exec(text)
  if (!match) return undefined
  let total = 0
  for (const part of text.matchAll(/(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h|d)/g)) {
    total += Number(part[1]) * (UNIT_SECONDS[part[2] as string] as number)
  }
  return Math.trunc(match[1] === '-' ? -total : total)
}

/** Go's `Duration.String()` for whole seconds, zeros kept: 3600 → `1h0m0s` (what vault sends as a TTL). */
export function goDurationString(seconds: number): string {
  if (seconds === 0) return '0s'
  const sign = seconds < 0 ? '-' : ''
  let rest = Math.abs(Math.trunc(seconds))
  const h = Math.floor(rest / 3600)
  rest -= h * 3600
  const m = Math.floor(rest / 60)
  const s = rest - m * 60
  return sign + (h > 0 ? `${h}h${m}m${s}s` : m > 0 ? `${m}m${s}s` : `${s}s`)
}

/** Go's `Duration.String()` for whole seconds, minus zero minute/second tails: 3600 → `1h`, 2764800 → `768h`. */
export function humanDuration(seconds: number): string {
  let text = goDurationString(seconds)
  if (text.endsWith('m0s')) text = text.slice(0, -2)
  return text.replace(/h0m/, 'h')
}

/** vault's rule for which response keys hold a number of seconds to print as a duration. */
export function looksLikeDuration(key: string): boolean {
  return (
    key === 'period' || key.endsWith('_period') ||
    key === 'ttl' || key.endsWith('_ttl') ||
    key === 'duration' || key.endsWith('_duration') ||
    key === 'lease_max' || key === 'ttl_max'
  )
}

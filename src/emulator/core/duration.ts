/**
 * Vault's duration forms. Input: integers (seconds), integer strings, `"7d"`
 * (whole days) or Go duration syntax (`"1h30m"`, `"1.5h"`, `"500ms"`).
 * Output: integer seconds, or Go's `time.Duration.String()` text.
 */

const UNIT_NS: Record<string, number> = {
  ns: 1,
  us: 1e3,
  µs: 1e3,
  μs: 1e3,
  ms: 1e6,
  s: 1e9,
  m: 60e9,
  h: 3600e9,
}

export class DurationError extends Error {
  override name = 'DurationError'
}

/** Go's time.ParseDuration, returning nanoseconds. Throws with Go's error text. */
export function parseGoDuration(text: string): number {
  const original = text
  let s = text
  let sign = 1
  if (s.startsWith('-') || s.startsWith('+')) {
    if (s[0] === '-') sign = -1
    s = s.slice(1)
  }
  if (s === '0') return 0
  if (s === '') throw new DurationError(`time: invalid duration ${JSON.stringify(original)}`)
  let total = 0
  const re = /^([0-9]*(?:\.[0-9]*)?)([a-zµμ]*)/
  while (s !== '') {
    const m = re.exec(s)
    const num = m?.[1] ?? ''
    const unit = m?.[2] ?? ''
    if (num === '' || num === '.') throw new DurationError(`time: invalid duration ${JSON.stringify(original)}`)
    if (unit === '') throw new DurationError(`time: missing unit in duration ${JSON.stringify(original)}`)
    const scale = UNIT_NS[unit]
    if (scale === undefined) {
      throw new DurationError(`time: unknown unit ${JSON.stringify(unit)} in duration ${JSON.stringify(original)}`)
    }
    total += Number(num) * scale
    s = s.slice(num.length + unit.length)
  }
  return sign * total
}

/**
 * go-secure-stdlib's ParseDurationSecond: what every TTL field in Vault accepts.
 * Returns whole seconds (fractions are truncated, as Go does).
 */
export function parseDurationSeconds(input: unknown): number {
  if (input === undefined || input === null || input === '') return 0
  if (typeof input === 'number') {
    if (!Number.isFinite(input)) throw new DurationError(`invalid duration ${String(input)}`)
    return Math.trunc(input)
  }
  if (typeof input !== 'string') throw new DurationError(`could not parse duration from ${typeof input}`)
  const text = input.trim()
  if (/^[-+]?\d+$/.test(text)) return Number.parseInt(text, 10)
  if (text.endsWith('d')) {
    const days = text.slice(0, -1)
    if (!/^[-+]?\d+$/.test(days)) throw new DurationError(`strconv.ParseInt: parsing ${JSON.stringify(days)}: invalid syntax`)
    return Number.parseInt(days, 10) * 86_400
  }
  return Math.trunc(parseGoDuration(text) / 1e9)
}

/** Go's time.Duration.String() for whole seconds: `0s`, `90s` → `1m30s`, `3600` → `1h0m0s`. */
export function formatGoDuration(seconds: number): string {
  if (seconds === 0) return '0s'
  const neg = seconds < 0
  let rest = Math.abs(Math.trunc(seconds))
  const h = Math.floor(rest / 3600)
  rest -= h * 3600
  const m = Math.floor(rest / 60)
  const s = rest - m * 60
  let out = ''
  if (h > 0) out = `${h}h${m}m${s}s`
  else if (m > 0) out = `${m}m${s}s`
  else out = `${s}s`
  return neg ? `-${out}` : out
}

/** Vault's humanDuration for warnings: Go's format with trailing zero units dropped (`1h0m0s` → `1h`). */
export function formatHumanDuration(seconds: number): string {
  const go = formatGoDuration(seconds)
  if (go === '0s') return go
  // Drop zero units: 1h0m0s → 1h, 1h0m5s → 1h5s, 30m0s → 30m.
  return go.replace(/(?<=[hm])0s$/, '').replace(/(?<=h)0m/, '')
}

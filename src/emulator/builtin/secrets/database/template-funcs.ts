/**
 * The functions Vault's `sdk/helper/template` offers to username templates
 * (plus Go's `printf`/`print`), evaluated against the core clock.
 */
import { createHash, randomUUID } from 'node:crypto'
import { randomBase62 } from '../../../core/ids.js'
import { formatGoTime } from './go-time-format.js'
import { goSprintf } from './go-sprintf.js'

export type TemplateValue = string | number | boolean

export type TemplateFunc = (...args: TemplateValue[]) => TemplateValue

function int(value: TemplateValue | undefined, fn: string): number {
  if (typeof value === 'number' && Number.isInteger(value)) return value
  throw new Error(`wrong type for value; expected int; got ${typeof value === 'string' ? 'string' : typeof value} (calling ${fn})`)
}

function str(value: TemplateValue | undefined): string {
  return value === undefined ? '' : String(value)
}

/** Go's `%x` of SHA-256. */
function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex')
}

/** Byte-wise truncation, as Go slices strings by bytes. */
function truncateBytes(text: string, max: number): string {
  const bytes = Buffer.from(text, 'utf8')
  return bytes.length > max ? bytes.subarray(0, max).toString('utf8') : text
}

function byteLength(text: string): number {
  return Buffer.byteLength(text, 'utf8')
}

/** Every function, bound to the instant the template runs at. */
export function templateFuncs(nowMs: number): Record<string, TemplateFunc> {
  return {
    random: (n) => randomBase62(int(n, 'random')),
    truncate: (max, text) => {
      const n = int(max, 'truncate')
      if (n <= 0) throw new Error(`max length must be > 0 but was ${n}`)
      return truncateBytes(str(text), n)
    },
    truncate_sha256: (max, text) => {
      const n = int(max, 'truncate_sha256')
      if (n <= 8) throw new Error(`max length must be > 8 but was ${n}`)
      const s = str(text)
      if (byteLength(s) <= n) return s
      const keep = Buffer.from(s, 'utf8').subarray(0, n - 8).toString('utf8')
      const rest = Buffer.from(s, 'utf8').subarray(n - 8).toString('utf8')
      return keep + sha256Hex(rest).slice(0, 8)
    },
    uppercase: (text) => str(text).toUpperCase(),
    lowercase: (text) => str(text).toLowerCase(),
    replace: (find, replacement, text) => str(text).split(str(find)).join(str(replacement)),
    sha256: (text) => sha256Hex(str(text)),
    base64: (text) => Buffer.from(str(text), 'utf8').toString('base64'),
    decode_base64: (text) => Buffer.from(str(text), 'base64').toString('utf8'),
    hex: (text) => Buffer.from(str(text), 'utf8').toString('hex'),
    decode_hex: (text) => Buffer.from(str(text), 'hex').toString('utf8'),
    unix_time: () => String(Math.floor(nowMs / 1000)),
    unix_time_millis: () => String(Math.floor(nowMs)),
    timestamp: (layout) => formatGoTime(nowMs, str(layout)),
    uuid: () => randomUUID(),
    glob: (pattern, value) => globMatch(str(pattern), str(value)),
    printf: (format, ...args) => goSprintf(str(format), args),
    print: (...args) => args.map(str).join(''),
  }
}

/** ryanuber/go-glob: `*` matches any run of characters; nothing else is special. */
export function globMatch(pattern: string, value: string): boolean {
  if (pattern === '*') return true
  const parts = pattern.split('*')
  if (parts.length === 1) return pattern === value
  const first = parts[0] ?? ''
  const last = parts[parts.length - 1] ?? ''
  if (!value.startsWith(first)) return false
  let index = first.length
  for (const middle of parts.slice(1, -1)) {
    const found = value.indexOf(middle, index)
    if (found === -1) return false
    index = found + middle.length
  }
  return value.length - index >= last.length && value.endsWith(last)
}

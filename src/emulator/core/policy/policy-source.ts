/**
 * Turns policy text (HCL, or the JSON form when it starts with `{`) into a
 * plain object. Syntax errors become PolicyParseError with the position.
 */
import { parseHclLite } from './hcl-lite.js'
import { policyParseError } from './parse-error.js'
import { lineAt } from './text-locate.js'

export interface PolicySource {
  root: Record<string, unknown>
  json: boolean
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

export function isJsonPolicy(text: string): boolean {
  return text.trimStart().startsWith('{')
}

export async function readPolicySource(text: string): Promise<PolicySource> {
  const json = isJsonPolicy(text)
  const root = json ? readJson(text) : await readHcl(text)
  if (!isPlainObject(root)) throw policyParseError('does not contain a root object')
  return { root, json }
}

function readJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown
  } catch (err) {
    throw policyParseError(describeJsonError(text, err instanceof Error ? err.message : String(err)))
  }
}

/** `At L:C: <what>` from V8's JSON.parse messages. */
function describeJsonError(text: string, message: string): string {
  const lc = /\(line (\d+) column (\d+)\)/.exec(message)
  const pos = /at position (\d+)/.exec(message)
  let where = ''
  if (lc) where = `At ${lc[1]}:${lc[2]}: `
  else if (pos) {
    const index = Number(pos[1])
    const line = lineAt(text, index)
    const col = index - text.lastIndexOf('\n', index - 1)
    where = `At ${line}:${col}: `
  }
  const what = message.replace(/\s*in JSON at position \d+(?: \(line \d+ column \d+\))?/, '').replace(/\s*\(line \d+ column \d+\)/, '')
  return where + what
}

/**
 * HCL 1 (what Vault parses) accepts `allowed_parameters { ... }` as a block;
 * HCL 2 needs `allowed_parameters = { ... }`. Same line and column layout
 * before the rewritten spot, so reported positions stay right.
 */
export function toHcl2(text: string): string {
  return text.replace(/\b(allowed_parameters|denied_parameters)([ \t]*)\{/g, '$1$2= {')
}

/** Loaded on first use: the WASM parser costs ~100 ms to start. */
let hcl: Promise<typeof import('@cdktf/hcl2json')> | undefined

async function readHcl(text: string): Promise<unknown> {
  const hcl2 = toHcl2(text)
  // Fast path for the plain HCL policies are written in; anything else
  // (and every syntax error) goes to hcl2json, unchanged.
  const lite = parseHclLite(hcl2)
  if (lite !== undefined) return lite
  hcl ??= import('@cdktf/hcl2json')
  const { parse } = await hcl
  let out: unknown
  try {
    out = await parse('policy.hcl', hcl2)
  } catch (err) {
    throw policyParseError(describeHclError(err instanceof Error ? err.message : String(err)))
  }
  return out
}

/** `parse config: [policy.hcl:3,1-2: Summary; Detail.]` → `At 3:1: Summary; Detail.` */
function describeHclError(message: string): string {
  const m = /policy\.hcl:(\d+),(\d+)(?:-[\d,]+)?: ([\s\S]*?)\]?$/.exec(message)
  if (!m) return message.replace(/^parse config: /, '')
  return `At ${m[1]}:${m[2]}: ${m[3]}`
}

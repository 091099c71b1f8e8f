/**
 * A secret ID's `metadata` (Vault's strutil.ParseArbitraryKeyValues): a JSON
 * object as a string (what the CLI and hashi-vault-js send), the same
 * base64-encoded, or `k1=v1,k2=v2`. A JSON object sent as is is accepted too.
 */
export class MetadataError extends Error {
  override name = 'MetadataError'
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/

function fromObject(value: Record<string, unknown>): Record<string, string> | undefined {
  const out: Record<string, string> = {}
  for (const [k, v] of Object.entries(value)) {
    if (typeof v !== 'string') return undefined
    out[k] = v
  }
  return out
}

function fromJson(text: string): Record<string, string> | undefined {
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    return undefined
  }
  if (parsed === null) return {}
  if (typeof parsed !== 'object' || Array.isArray(parsed)) return undefined
  return fromObject(parsed as Record<string, unknown>)
}

/** `k=v` pairs: lower-cased, de-duplicated, each exactly one `=` with both sides non-empty. */
function fromPairs(text: string): Record<string, string> {
  const out: Record<string, string> = {}
  const items = [...new Set(text.split(',').map((s) => s.trim().toLowerCase()).filter((s) => s !== ''))].sort()
  for (const item of items) {
    const shards = item.split('=')
    if (shards.length !== 2) throw new MetadataError('failed to parse the input: invalid <key,value> format')
    const key = (shards[0] ?? '').trim()
    const value = (shards[1] ?? '').trim()
    if (key === '' || value === '') {
      throw new MetadataError(`failed to parse the input: invalid <key,value> pair: key: ${JSON.stringify(key)} value: ${JSON.stringify(value)}`)
    }
    out[key] = value
  }
  return out
}

/** Throws {@link MetadataError} with Vault's wording (the caller prefixes `failed to parse metadata: `). */
export function parseSecretIdMetadata(raw: unknown): Record<string, string> {
  if (raw === undefined || raw === null) return {}
  let out: Record<string, string> | undefined
  if (typeof raw === 'object' && !Array.isArray(raw)) {
    out = fromObject(raw as Record<string, unknown>)
    if (!out) throw new MetadataError('metadata values must be strings')
  } else if (typeof raw === 'string') {
    let text = raw.trim()
    if (text === '') return {}
    if (BASE64.test(text)) text = Buffer.from(text, 'base64').toString('utf8')
    out = fromJson(text) ?? fromPairs(text)
  } else {
    throw new MetadataError(`expected a JSON object as a string, got ${JSON.stringify(raw)}`)
  }
  for (const [key, value] of Object.entries(out)) {
    if (key !== '' && value === '') throw new MetadataError(`invalid value for key ${JSON.stringify(key)}`)
  }
  return out
}

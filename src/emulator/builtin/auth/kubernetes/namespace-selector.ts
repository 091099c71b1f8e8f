/**
 * `bound_service_account_namespace_selector`: a Kubernetes label selector,
 * JSON or (block) YAML, of which Vault supports `matchLabels` only.
 *
 * @example
 * parseNamespaceSelector('{"matchLabels":{"stage":"prod"}}') // { stage: 'prod' }
 * parseNamespaceSelector('matchLabels:\n  stage: prod')      // { stage: 'prod' }
 */

export class SelectorError extends Error {
  override name = 'SelectorError'
}

function unquote(text: string): string {
  const t = text.trim()
  if ((t.startsWith('"') && t.endsWith('"')) || (t.startsWith("'") && t.endsWith("'"))) return t.slice(1, -1)
  return t
}

function fromObject(parsed: unknown): Record<string, string> {
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new SelectorError('selector must be an object')
  const obj = parsed as Record<string, unknown>
  if (obj['matchExpressions'] !== undefined && obj['matchExpressions'] !== null) {
    throw new SelectorError('label selector match expressions are not supported')
  }
  const labels = obj['matchLabels'] ?? {}
  if (!labels || typeof labels !== 'object' || Array.isArray(labels)) throw new SelectorError('matchLabels must be a map')
  const out: Record<string, string> = {}
  for (const [k, v] of Object.entries(labels)) {
    if (typeof v !== 'string') throw new SelectorError(`matchLabels value of ${JSON.stringify(k)} must be a string`)
    out[k] = v
  }
  return out
}

/** A small YAML subset: `matchLabels:` followed by indented `key: value` lines. */
function fromYaml(text: string): Record<string, string> {
  const out: Record<string, string> = {}
  let section: string | undefined
  for (const raw of text.split(/\r?\n/)) {
    if (raw.trim() === '' || raw.trim().startsWith('#')) continue
    const indented = /^\s/.test(raw)
    const m = /^\s*([^:]+):\s*(.*)$/.exec(raw)
    if (!m) throw new SelectorError(`cannot parse ${JSON.stringify(raw.trim())}`)
    const key = unquote(m[1] ?? '')
    const value = (m[2] ?? '').trim()
    if (!indented) {
      section = key
      if (key === 'matchExpressions') throw new SelectorError('label selector match expressions are not supported')
      if (value !== '' && value !== '{}') throw new SelectorError(`unexpected value for ${key}`)
      continue
    }
    if (section === 'matchLabels') out[key] = unquote(value)
  }
  return out
}

/** The selector's `matchLabels`; throws {@link SelectorError} when it is empty, malformed or uses expressions. */
export function parseNamespaceSelector(selector: string): Record<string, string> {
  if (selector.trim() === '') throw new SelectorError('namespace selector is empty')
  if (selector.trim().startsWith('{')) {
    let parsed: unknown
    try {
      parsed = JSON.parse(selector)
    } catch (err) {
      throw new SelectorError(err instanceof Error ? err.message : String(err))
    }
    return fromObject(parsed)
  }
  return fromYaml(selector)
}

/** Every label of the selector present with the same value (an empty selector matches everything). */
export function selectorMatches(matchLabels: Record<string, string>, labels: Record<string, string>): boolean {
  return Object.entries(matchLabels).every(([k, v]) => labels[k] === v)
}

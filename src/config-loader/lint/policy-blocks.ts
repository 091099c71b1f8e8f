/**
 * A light scan of policy text for the linter: each `path "..." { ... }` block
 * with the offsets of its path and of each capability string. The real parser
 * (`parsePolicy`) decides validity; this only says where things are.
 */

export interface CapabilityRef {
  name: string
  offset: number
}

export interface PolicyBlock {
  path: string
  /** Offset of the `path` keyword. */
  offset: number
  capabilities: CapabilityRef[]
}

export function scanPolicyBlocks(text: string): PolicyBlock[] {
  const blocks: PolicyBlock[] = []
  const header = /(^|[^\w"-])path\s*"([^"]*)"\s*=?\s*\{/g
  for (let m = header.exec(text); m !== null; m = header.exec(text)) {
    const start = m.index + (m[1]?.length ?? 0)
    const open = m.index + m[0].length - 1
    const close = matchingBrace(text, open)
    const body = text.slice(open + 1, close)
    const capabilities: CapabilityRef[] = []
    const caps = /capabilities\s*=\s*\[([^\]]*)\]/.exec(body)
    if (caps) {
      const listStart = open + 1 + caps.index + caps[0].indexOf('[') + 1
      const item = /"([^"]*)"/g
      for (let c = item.exec(caps[1] ?? ''); c !== null; c = item.exec(caps[1] ?? '')) {
        capabilities.push({ name: c[1] ?? '', offset: listStart + c.index })
      }
    }
    blocks.push({ path: m[2] ?? '', offset: start, capabilities })
    header.lastIndex = close
  }
  return blocks
}

function matchingBrace(text: string, open: number): number {
  let depth = 0
  let inString = false
  for (let i = open; i < text.length; i++) {
    const ch = text[i]
    if (inString) {
      if (ch === '\\') i++
      else if (ch === '"') inString = false
    } else if (ch === '"') inString = true
    else if (ch === '{') depth++
    else if (ch === '}' && --depth === 0) return i
  }
  return text.length
}

/** 1-based line and column of an offset. */
export function lineCol(text: string, offset: number): { line: number; col: number } {
  let line = 1
  let lineStart = 0
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++
      lineStart = i + 1
    }
  }
  return { line, col: offset - lineStart + 1 }
}

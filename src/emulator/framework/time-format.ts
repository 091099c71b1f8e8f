/**
 * Formatted instants, remembered: every KV v2 read formats its version's
 * creation time, and the same secrets are read over and over. Bounded; cleared
 * when full.
 */
const formatted = new Map<number, string>()
const MAX_FORMATTED = 4096

/**
 * Go's `time.RFC3339Nano` text for an epoch-ms instant: the fraction keeps
 * only significant digits, and disappears on whole seconds
 * (`2030-01-01T00:00:00Z`, `2030-01-01T00:00:00.25Z`).
 */
export function rfc3339(epochMs: number): string {
  let text = formatted.get(epochMs)
  if (text === undefined) {
    text = format(epochMs)
    if (formatted.size >= MAX_FORMATTED) formatted.clear()
    formatted.set(epochMs, text)
  }
  return text
}

function format(epochMs: number): string {
  const iso = new Date(epochMs).toISOString() // always ends in .mmmZ
  let end = iso.length - 1
  while (iso.charCodeAt(end - 1) === 48 /* 0 */) end--
  return iso.charCodeAt(end - 1) === 46 /* . */ ? `${iso.slice(0, end - 1)}Z` : `${iso.slice(0, end)}Z`
}

/** An object with its keys in the order Go's `encoding/json` writes a map (sorted). */
export function sortedKeys<T>(data: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(data).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
}

/**
 * Column layout as the vault CLI produces it with `columnize`: every column but
 * the last padded to its widest cell, four spaces between columns, an empty
 * cell shown as `n/a`, and for tables a dashed underline under each header.
 *
 * @example
 * keyValueTable([['token', 'hvs.x'], ['token_accessor', 'abc']])
 * // 'Key               Value\n---               -----\ntoken             hvs.x\n...'
 */

/** Lays rows out in columns, without a header. */
export function columns(rows: readonly (readonly string[])[], glue = '    '): string {
  const cells = rows.map((row) => row.map((cell) => (cell.trim() === '' ? 'n/a' : cell.trim())))
  const widths: number[] = []
  for (const row of cells) {
    row.forEach((cell, i) => {
      widths[i] = Math.max(widths[i] ?? 0, [...cell].length)
    })
  }
  return cells
    .map((row) => row.map((cell, i) => (i === row.length - 1 ? cell : cell + ' '.repeat((widths[i] as number) - [...cell].length) + glue)).join(''))
    .join('\n')
}

/** A table: the header row, a row of dashes as long as each header, then the rows. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  return columns([header, header.map((h) => '-'.repeat(h.trim().length)), ...rows])
}

/** vault's `Key  Value` table. */
export function keyValueTable(rows: readonly (readonly [string, string])[]): string {
  return table(['Key', 'Value'], rows)
}

/**
 * The part of Go's `fmt.Sprintf` username templates use: `%s`, `%v`, `%d`,
 * `%q`, `%x`, `%%`, with an optional width (`%5s`, `%-5s`, `%05d`). Missing
 * and extra arguments are reported the way Go prints them.
 */
type Arg = string | number | boolean

function render(verb: string, arg: Arg): string {
  switch (verb) {
    case 's':
    case 'v':
      return String(arg)
    case 'd':
      return typeof arg === 'number' ? String(Math.trunc(arg)) : `%!d(${typeof arg}=${String(arg)})`
    case 'q':
      return JSON.stringify(String(arg))
    case 'x':
      return typeof arg === 'number' ? Math.trunc(arg).toString(16) : Buffer.from(String(arg), 'utf8').toString('hex')
    default:
      return `%!${verb}(${typeof arg}=${String(arg)})`
  }
}

export function goSprintf(format: string, args: readonly Arg[]): string {
  let out = ''
  let next = 0
  const re = /%([-0]?)(\d*)([a-zA-Z%])/g
  let last = 0
  for (let m = re.exec(format); m; m = re.exec(format)) {
    out += format.slice(last, m.index)
    last = m.index + m[0].length
    const [, flag, width, verb] = m as unknown as [string, string, string, string]
    if (verb === '%') {
      out += '%'
      continue
    }
    const arg = args[next++]
    let text = arg === undefined ? `%!${verb}(MISSING)` : render(verb, arg)
    const w = width === '' ? 0 : Number(width)
    if (text.length < w) text = flag === '-' ? text.padEnd(w) : text.padStart(w, flag === '0' ? '0' : ' ')
    out += text
  }
  out += format.slice(last)
  if (next < args.length) out += `%!(EXTRA ${args.slice(next).map((a) => `${typeof a}=${String(a)}`).join(', ')})`
  return out
}

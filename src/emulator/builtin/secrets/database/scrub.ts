/**
 * Keeping passwords out of error texts, logs and reads. Vault's plugins wrap
 * every error in a sanitizer that replaces the admin password with
 * `[password]`; the emulator does the same for every password it knows
 * (admin, rotated, generated) and also masks passwords written into URLs and
 * `key=value` connection strings.
 */

const URL_USERINFO = /([a-z][a-z0-9+.-]*:\/\/[^:@/\s]*:)([^@\s]*)@/gi
const DSN_PASSWORD = /(\bpassword\s*=\s*)('(?:[^'\\]|\\.)*'|\S+)/gi

/** A quoted token in a server message (`syntax error at or near "A1b"`). */
const QUOTED = /"([^"\s]{2,})"|'([^'\s]{2,})'/g

/**
 * Replace every known secret (raw and URL-escaped), any quoted piece of one
 * (PostgreSQL quotes the token it choked on, which may be half a password
 * written without quotes), and any URL/DSN password.
 */
export function scrubSecrets(text: string, secrets: Iterable<string>): string {
  let out = text
  const known = [...secrets].filter((s) => s !== '')
  for (const secret of known) {
    for (const form of new Set([secret, encodeURIComponent(secret), pathEscape(secret)])) {
      out = out.split(form).join('[password]')
    }
  }
  const long = known.filter((s) => s.length >= 12)
  out = out.replace(QUOTED, (quoted: string, dq: string | undefined, sq: string | undefined) => {
    const inner = dq ?? sq ?? ''
    return long.some((s) => s.includes(inner)) ? quoted.replace(inner, '[password]') : quoted
  })
  return out.replace(URL_USERINFO, (_m, head: string, pass: string) => (pass === '' ? `${head}@` : `${head}xxxxx@`)).replace(DSN_PASSWORD, '$1xxxxx')
}

const PATH_SEGMENT_SAFE = /[A-Za-z0-9\-_.~$&+:=@]/

/** Go's `url.PathEscape`, which Vault applies to `{{username}}`/`{{password}}` in the connection URL. */
export function pathEscape(text: string): string {
  let out = ''
  for (const byte of Buffer.from(text, 'utf8')) {
    const c = String.fromCharCode(byte)
    out += byte < 0x80 && PATH_SEGMENT_SAFE.test(c) ? c : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`
  }
  return out
}

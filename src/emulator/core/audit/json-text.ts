/** Text JSON leaves as it is: quoted without a JSON.stringify call (most values: paths, ids, versions). */
const PLAIN = /^[\w.\-/:@+=, ]*$/

/**
 * JSON object text built field by field, in the order given, leaving out
 * empty values as Go's `omitempty` does. The audit formatter writes its
 * lines with it directly: no intermediate objects to allocate and walk again.
 * Pieces are joined once at the end, which gives a flat string (repeated
 * `+=` gives a rope that costs more to flatten when the line is written).
 *
 * @example
 * new JsonFields().str('path', 'secret/data/x').num('remote_port', 0).toString() // '{"path":"secret/data/x"}'
 */
export class JsonFields {
  readonly #parts: string[] = []

  /** A field whose value is already JSON text; left out when undefined. Keys are the caller's literals. */
  raw(key: string, json: string | undefined): this {
    if (json !== undefined) this.#parts.push(this.#parts.length === 0 ? `{"${key}":` : `,"${key}":`, json)
    return this
  }

  /** Fields already written as JSON text (`"a":1,"b":2`, no braces); left out when undefined or empty. */
  fields(text: string | undefined): this {
    if (text !== undefined && text !== '') this.#parts.push(this.#parts.length === 0 ? '{' : ',', text)
    return this
  }

  /** A string field; left out when undefined or empty. */
  str(key: string, value: string | undefined): this {
    if (value === undefined || value === '') return this
    return this.raw(key, PLAIN.test(value) ? `"${value}"` : JSON.stringify(value))
  }

  /**
   * A string known to need no JSON escaping (HMACs, UUIDs, timestamps,
   * fixed words); left out when undefined or empty. Saves the escaping pass
   * on the values every line carries.
   */
  safe(key: string, value: string | undefined): this {
    return value === undefined || value === '' ? this : this.raw(key, `"${value}"`)
  }

  /** A number field; left out when undefined or 0. */
  num(key: string, value: number | undefined): this {
    return value === undefined || value === 0 ? this : this.raw(key, String(value))
  }

  /** A list of strings; left out when empty. */
  list(key: string, values: readonly string[] | undefined): this {
    return values === undefined || values.length === 0 ? this : this.raw(key, JSON.stringify(values))
  }

  /** The object's text (call once: it closes the object). */
  toString(): string {
    if (this.#parts.length === 0) return '{}'
    this.#parts.push('}')
    return this.#parts.join('')
  }
}

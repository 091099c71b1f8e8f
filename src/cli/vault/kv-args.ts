/**
 * `key=value` data arguments as the vault CLI reads them (`vault write`, `kv put`,
 * `audit enable`, `login`): `key=@file` reads a file, `key=-` reads stdin,
 * `\@` escapes a literal `@`, a lone `-` or `@file` merges a JSON object, and a
 * repeated key becomes a list.
 *
 * @example
 * await parseKeyValues(['username=alice', 'tags=a', 'tags=b'], process.stdin)
 * // { username: 'alice', tags: ['a', 'b'] }
 */
import { readFile } from 'node:fs/promises'

/** A malformed data argument; commands print it as `Failed to parse K=V data: <message>`. */
export class KeyValueError extends Error {
  override name = 'KeyValueError'
}

/** Reads all of a stream as UTF-8 text. */
export async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk as Uint8Array))
  return Buffer.concat(chunks).toString('utf8')
}

/** Parses data arguments into the JSON body vault would send. */
export async function parseKeyValues(args: readonly string[], stdin: NodeJS.ReadableStream): Promise<Record<string, unknown>> {
  const result: Record<string, unknown> = {}
  let stdinUsed = false
  const readStdin = async (): Promise<string> => {
    if (stdinUsed) throw new KeyValueError('stdin already consumed')
    stdinUsed = true
    return readAll(stdin)
  }
  const put = (key: string, value: unknown) => {
    if (!Object.hasOwn(result, key)) {
      result[key] = value
      return
    }
    const existing = result[key]
    result[key] = [...(Array.isArray(existing) ? existing : [existing]), value]
  }
  for (const raw of args) {
    if (raw === '') continue
    const eq = raw.indexOf('=')
    if (eq === -1) {
      if (raw === '-') Object.assign(result, parseJsonObject(await readStdin()))
      else if (raw.startsWith('@')) Object.assign(result, parseJsonObject(await readDataFile(raw.slice(1))))
      else throw new KeyValueError(`invalid key/value pair ${JSON.stringify(raw)}: format must be key=value`)
      continue
    }
    const key = raw.slice(0, eq)
    let value = raw.slice(eq + 1)
    if (value.startsWith('@')) value = await readDataFile(value.slice(1))
    else if (value.startsWith('\\@')) value = value.slice(1)
    else if (value === '-') value = await readStdin()
    put(key, value)
  }
  return result
}

async function readDataFile(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8')
  } catch (err) {
    throw new KeyValueError(`error reading file: ${(err as Error).message}`)
  }
}

function parseJsonObject(text: string): Record<string, unknown> {
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch (err) {
    throw new KeyValueError(`failed to parse JSON input: ${(err as Error).message}`)
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new KeyValueError('JSON input must be an object')
  return parsed as Record<string, unknown>
}

/** `key=value` arguments of `vault read` and `vault delete`, which travel as query parameters. */
import { parseKeyValues } from '../kv-args.js'

/** The query for the data arguments, or undefined when there are none (a repeated key keeps its last value). */
export async function queryFromData(args: readonly string[], stdin: NodeJS.ReadableStream): Promise<Record<string, string> | undefined> {
  if (args.length === 0) return undefined
  const data = await parseKeyValues(args, stdin)
  const query: Record<string, string> = {}
  for (const [key, value] of Object.entries(data)) {
    const last: unknown = Array.isArray(value) ? value[value.length - 1] : value
    query[key] = typeof last === 'string' ? last : JSON.stringify(last)
  }
  return query
}

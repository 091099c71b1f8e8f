/**
 * vault's logical read: a 404 that still carries data or warnings is a response (a
 * deleted KV v2 version keeps its metadata), a bare 404 is "nothing there".
 */
import { ApiError, type VaultClient, type VaultSecret } from '../client.js'

/** GET `path`; `undefined` when nothing is stored there. */
export async function readSecret(client: VaultClient, path: string, query?: Record<string, string>): Promise<VaultSecret | undefined> {
  try {
    return await client.read(path, query)
  } catch (err) {
    if (!(err instanceof ApiError) || err.status !== 404) throw err
    const body = err.rawError ? parseBody(err.errors[0] ?? '') : undefined
    if (body === undefined) return undefined
    const hasData = body.data !== null && body.data !== undefined && Object.keys(body.data).length > 0
    return hasData || (body.warnings?.length ?? 0) > 0 ? body : undefined
  }
}

function parseBody(text: string): VaultSecret | undefined {
  try {
    const parsed = JSON.parse(text) as unknown
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as VaultSecret) : undefined
  } catch {
    return undefined
  }
}

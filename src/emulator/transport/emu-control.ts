/**
 * Emulator-only controls under `/_emu/`, outside Vault's namespace. Every
 * call but the fake cluster's needs the root token. Shared by all transports.
 *
 * - `GET  /_emu/clock` → `{"mode","now","offset_ms"}`
 * - `POST /_emu/clock` with `{"advance":"1h"}`, `{"set":"2027-01-01T00:00:00Z"}`, `{"freeze":true|false}`
 * - `GET  /_emu/postgres` → `{"kind","admin_url"}` of the PostgreSQL the emulator started (404 when none)
 * - `/_emu/k8s/*`: the fake Kubernetes cluster's API (TokenReview, namespaces); it
 *   takes service-account bearer tokens, not the root token (see kubernetes/api-server.ts)
 */
import type { Core } from '../core/core.js'
import { ClockError } from '../core/clock.js'
import { DurationError } from '../core/duration.js'
import { VaultError, badToken, invalidRequest } from '../core/errors.js'
import { clientToken, errorReply } from './http-adapter.js'
import type { HttpReply, HttpRequest } from './http-adapter.js'
import { serveKubernetesApi } from '../kubernetes/api-server.js'
import { K8S_BASE_PATH } from '../kubernetes/in-process-host.js'

function json(status: number, body: unknown): HttpReply {
  return { status, headers: { 'content-type': 'application/json', 'cache-control': 'no-store' }, body: JSON.stringify(body) }
}

function clockBody(core: Core): Record<string, unknown> {
  const s = core.clock.status()
  return { mode: s.mode, now: s.now, offset_ms: s.offsetMs }
}

function parseJson(body: Uint8Array | undefined): Record<string, unknown> {
  if (!body || body.length === 0) return {}
  try {
    const parsed: unknown = JSON.parse(Buffer.from(body).toString('utf8'))
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Record<string, unknown>
  } catch {
    // fall through
  }
  throw invalidRequest('failed to parse JSON input')
}

async function fakeCluster(core: Core, http: HttpRequest, url: URL): Promise<HttpReply> {
  const path = url.pathname.slice(K8S_BASE_PATH.length) + url.search
  return serveKubernetesApi(core.kubernetes, { method: http.method, path, headers: http.headers, body: http.body })
}

async function clock(core: Core, http: HttpRequest): Promise<HttpReply> {
  const method = http.method.toUpperCase()
  if (method === 'GET') return json(200, clockBody(core))
  if (method !== 'POST' && method !== 'PUT') throw new VaultError('unsupported-operation', '')
  const input = parseJson(http.body)
  let report: unknown
  try {
    if (input['freeze'] === true) core.clock.freeze()
    if (input['freeze'] === false) core.clock.resume()
    if (input['set'] !== undefined) report = await core.clock.set(String(input['set']))
    if (input['advance'] !== undefined) report = await core.clock.advance(input['advance'] as string | number)
  } catch (err) {
    if (err instanceof ClockError || err instanceof DurationError) throw invalidRequest(err.message)
    throw err
  }
  return json(200, { ...clockBody(core), ...(report === undefined ? {} : { report }) })
}

export async function serveEmuControl(core: Core, http: HttpRequest): Promise<HttpReply> {
  try {
    const url = new URL(http.url, 'http://vault.local')
    // The fake cluster authenticates its own callers (service-account bearer tokens, as an API server does).
    if (url.pathname === K8S_BASE_PATH || url.pathname.startsWith(`${K8S_BASE_PATH}/`)) return await fakeCluster(core, http, url)
    const token = core.tokens.lookup(clientToken(http.headers))
    if (!token || !token.policies.includes('root')) throw badToken()
    const path = url.pathname.replace(/\/+$/, '')
    if (path === '/_emu/clock') return await clock(core, http)
    if (path === '/_emu/postgres' && http.method.toUpperCase() === 'GET') {
      const pg = core.services.postgres
      if (!pg) throw new VaultError('unsupported-path', '')
      return json(200, { kind: pg.kind, admin_url: pg.adminUrl })
    }
    throw new VaultError('unsupported-path', '')
  } catch (err) {
    return errorReply(err)
  }
}

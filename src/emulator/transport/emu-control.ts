/**
 * Emulator-only controls under `/_emu/`, outside Vault's namespace. Every
 * call but the fake cluster's needs the root token. Shared by all transports.
 *
 * - `GET  /_emu/clock` → `{"mode","now","offset_ms"}`
 * - `POST /_emu/clock` with `{"advance":"1h"}`, `{"set":"2027-01-01T00:00:00Z"}`, `{"freeze":true|false}`
 * - `GET  /_emu/clock/wait?until=<RFC 3339>&timeout=<seconds>` → `{"mode","now","offset_ms","reached"}`:
 *   a long poll answered once virtual time reaches `until` (after the move that reached it ran its
 *   expiries) or after `timeout` (default 30, at most 300) wall seconds. Any valid token may call it:
 *   it only tells the time (`vault-emu agent` sleeps on it).
 * - `GET  /_emu/postgres` → `{"kind","admin_url"}` of the PostgreSQL the emulator started (404 when none)
 * - `GET  /_emu/faults` → `{"faults":[{"kind":"seal"},{"kind":"latency","ms":200},...]}`
 * - `POST /_emu/faults` with any of `{"clear":true}` (first), `{"seal":true|false}`,
 *   `{"database_down":true|false}`, `{"fail_renewals":2}`, `{"fail_revocations":6}`,
 *   `{"fail_audit":true|"file"}`, `{"latency":"200ms"|200}` (`"unseal_keys":[...]` with
 *   `"seal":false` under the Shamir seal); answers like GET. `DELETE` clears them all.
 *   While sealed by a fault, the root token still opens this endpoint (the token store is sealed).
 * - `POST /_emu/k8s-token` with `{"namespace","service_account","ttl"?,"audiences"?}` →
 *   `{"token","issuer"}`: a service-account JWT of the fake cluster, as a pod would have
 *   mounted (`vault-emu k8s token` prints one for the shell)
 * - `/_emu/k8s/*`: the fake Kubernetes cluster's API (TokenReview, namespaces); it
 *   takes service-account bearer tokens, not the root token (see kubernetes/api-server.ts)
 */
import type { Core } from '../core/core.js'
import { ClockError } from '../core/clock.js'
import { DurationError } from '../core/duration.js'
import { VaultError, badToken, invalidRequest } from '../core/errors.js'
import { clientToken, errorReply } from './http-adapter.js'
import { FaultError } from '../core/faults.js'
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

/** Mint a service-account token of the fake cluster (creating the service account if needed). */
function kubernetesToken(core: Core, http: HttpRequest): HttpReply {
  if (http.method.toUpperCase() !== 'POST' && http.method.toUpperCase() !== 'PUT') throw new VaultError('unsupported-operation', '')
  const input = parseJson(http.body)
  const namespace = input['namespace']
  const serviceAccount = input['service_account']
  if (typeof namespace !== 'string' || namespace === '' || typeof serviceAccount !== 'string' || serviceAccount === '') {
    throw invalidRequest('"namespace" and "service_account" are required')
  }
  const ttl = input['ttl']
  const audiences = input['audiences']
  if (ttl !== undefined && typeof ttl !== 'string' && typeof ttl !== 'number') throw invalidRequest('"ttl": a duration such as "1h", or seconds')
  if (audiences !== undefined && !(Array.isArray(audiences) && audiences.every((a) => typeof a === 'string'))) throw invalidRequest('"audiences": a list of strings')
  let token: string
  try {
    token = core.kubernetes.serviceAccountToken({
      namespace,
      serviceAccount,
      ...(ttl === undefined ? {} : { ttl }),
      ...(audiences === undefined ? {} : { audiences: audiences as string[] }),
    })
  } catch (err) {
    if (err instanceof DurationError) throw invalidRequest(`"ttl": ${err.message}`)
    throw err
  }
  return json(200, { token, issuer: core.kubernetes.issuer })
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

async function clockWait(core: Core, http: HttpRequest, url: URL): Promise<HttpReply> {
  if (http.method.toUpperCase() !== 'GET') throw new VaultError('unsupported-operation', '')
  const until = Date.parse(url.searchParams.get('until') ?? '')
  if (!Number.isFinite(until)) throw invalidRequest('"until" must be an RFC 3339 time, e.g. until=2030-01-01T01:00:00Z')
  const timeoutParam = url.searchParams.get('timeout')
  const timeout = timeoutParam === null ? 30 : Number(timeoutParam)
  if (!Number.isFinite(timeout) || timeout < 0 || timeout > 300) throw invalidRequest('"timeout" must be a number of seconds from 0 to 300')
  const reached = await core.clock.waitUntil(until, timeout * 1000)
  return json(200, { ...clockBody(core), reached })
}

async function faults(core: Core, http: HttpRequest): Promise<HttpReply> {
  const method = http.method.toUpperCase()
  const f = core.faults
  const answer = (): HttpReply => json(200, { faults: f.list() })
  if (method === 'GET') return answer()
  try {
    if (method === 'DELETE') {
      await f.clear()
      return answer()
    }
    if (method !== 'POST' && method !== 'PUT') throw new VaultError('unsupported-operation', '')
    const input = parseJson(http.body)
    const known = new Set(['clear', 'seal', 'unseal_keys', 'database_down', 'fail_renewals', 'fail_revocations', 'fail_audit', 'latency'])
    const unknown = Object.keys(input).filter((k) => !known.has(k))
    if (unknown.length > 0) throw invalidRequest(`unknown fault(s): ${unknown.join(', ')}`)
    if (input['clear'] === true) await f.clear()
    if (input['database_down'] === true) f.databaseDown()
    if (input['database_down'] === false) f.databaseUp()
    if (input['fail_renewals'] !== undefined) f.failRenewals(countField(input['fail_renewals'], 'fail_renewals'))
    if (input['fail_revocations'] !== undefined) f.failRevocations(countField(input['fail_revocations'], 'fail_revocations'))
    if (input['fail_audit'] === true) f.failAudit()
    else if (typeof input['fail_audit'] === 'string') f.failAudit(input['fail_audit'])
    if (typeof input['latency'] === 'string' || typeof input['latency'] === 'number') f.latency(input['latency'])
    // Sealing last: nothing else can be logged once sealed.
    if (input['seal'] === true) await f.seal()
    if (input['seal'] === false) {
      const keys = input['unseal_keys']
      await f.unseal(Array.isArray(keys) ? keys.map(String) : undefined)
    }
  } catch (err) {
    if (err instanceof FaultError) throw invalidRequest(err.message)
    throw err
  }
  return answer()
}

function countField(value: unknown, name: string): number {
  const n = typeof value === 'string' ? Number(value) : value
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) throw invalidRequest(`${name}: a count of 0 or more`)
  return n
}

/** The root token, or (while a fault sealed the core, its token store with it) the root token's id. */
function isRoot(core: Core, path: string, given: string): boolean {
  const token = core.tokens.lookup(given)
  if (token) return token.policies.includes('root')
  return path === '/_emu/faults' && core.faults.sealedByFault && given !== '' && given === core.rootTokenId
}

export async function serveEmuControl(core: Core, http: HttpRequest): Promise<HttpReply> {
  try {
    const url = new URL(http.url, 'http://vault.local')
    // The fake cluster authenticates its own callers (service-account bearer tokens, as an API server does).
    if (url.pathname === K8S_BASE_PATH || url.pathname.startsWith(`${K8S_BASE_PATH}/`)) return await fakeCluster(core, http, url)
    const path = url.pathname.replace(/\/+$/, '')
    if (path === '/_emu/clock/wait') {
      if (!core.tokens.lookup(clientToken(http.headers))) throw badToken()
      return await clockWait(core, http, url)
    }
    if (!isRoot(core, path, clientToken(http.headers))) throw badToken()
    if (path === '/_emu/faults') return await faults(core, http)
    if (path === '/_emu/clock') return await clock(core, http)
    if (path === '/_emu/k8s-token') return kubernetesToken(core, http)
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

/**
 * The fake cluster's HTTP API, the part of kube-apiserver Vault talks to:
 *
 * - `POST /apis/authentication.k8s.io/v1/tokenreviews` (TokenReview)
 * - `GET  /api/v1/namespaces/<name>` (namespace labels, for namespace selectors)
 *
 * Requests authenticate as the API server's do: `Authorization: Bearer <token>`
 * with a valid service-account token of this cluster (any service account may
 * review tokens; the fake cluster has no RBAC). No token → 403 for
 * `system:anonymous`; an invalid one → 401. Errors are Kubernetes `Status`
 * objects, not Vault envelopes. Paths are relative to where the cluster is
 * served (`/_emu/k8s` on the emulator).
 */
import type { FakeKubernetesCluster } from './fake-cluster.js'

export interface KubernetesApiRequest {
  method: string
  /** Path below the cluster's base URL, e.g. `/apis/authentication.k8s.io/v1/tokenreviews`. */
  path: string
  headers: Record<string, string | string[] | undefined>
  body: Uint8Array | string | undefined
}

export interface KubernetesApiReply {
  status: number
  headers: Record<string, string>
  body: string
}

const TOKEN_REVIEWS = '/apis/authentication.k8s.io/v1/tokenreviews'
const NAMESPACE = /^\/api\/v1\/namespaces\/([^/]+)$/

function reply(status: number, body: unknown): KubernetesApiReply {
  return { status, headers: { 'content-type': 'application/json', 'cache-control': 'no-cache, private' }, body: JSON.stringify(body) }
}

function status(code: number, reason: string, message: string, details?: Record<string, unknown>): KubernetesApiReply {
  return reply(code, {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    reason,
    ...(details ? { details } : {}),
    code,
  })
}

function bearer(headers: KubernetesApiRequest['headers']): string | undefined {
  const raw = headers['authorization']
  const value = Array.isArray(raw) ? raw[0] : raw
  const m = value === undefined ? null : /^Bearer\s+(.+)$/i.exec(value.trim())
  return m?.[1]?.trim()
}

function parseBody(body: KubernetesApiRequest['body']): Record<string, unknown> | undefined {
  if (body === undefined) return undefined
  const text = typeof body === 'string' ? body : Buffer.from(body).toString('utf8')
  try {
    const parsed: unknown = JSON.parse(text)
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined
  } catch {
    return undefined
  }
}

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []
}

async function tokenReview(cluster: FakeKubernetesCluster, body: KubernetesApiRequest['body']): Promise<KubernetesApiReply> {
  const review = parseBody(body)
  if (!review) return status(400, 'BadRequest', 'the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, application/vnd.kubernetes.protobuf')
  const spec = (review['spec'] ?? {}) as Record<string, unknown>
  const token = typeof spec['token'] === 'string' ? spec['token'] : ''
  if (token === '') return status(400, 'BadRequest', 'token is required for TokenReview in authentication')
  const audiences = stringList(spec['audiences'])
  const result = await cluster.authenticate(token, audiences)
  const outStatus = result.authenticated
    ? { authenticated: true, user: result.user, audiences: result.audiences }
    : { user: {}, ...(result.error ? { error: result.error } : {}) }
  return reply(201, {
    kind: 'TokenReview',
    apiVersion: 'authentication.k8s.io/v1',
    metadata: { creationTimestamp: null },
    spec: { token, ...(audiences.length > 0 ? { audiences } : {}) },
    status: outStatus,
  })
}

function namespace(cluster: FakeKubernetesCluster, name: string): KubernetesApiReply {
  const ns = cluster.namespace(name)
  if (!ns) return status(404, 'NotFound', `namespaces ${JSON.stringify(name)} not found`, { name, kind: 'namespaces' })
  return reply(200, {
    kind: 'Namespace',
    apiVersion: 'v1',
    metadata: { name: ns.name, uid: ns.uid, labels: ns.labels },
    spec: { finalizers: ['kubernetes'] },
    status: { phase: 'Active' },
  })
}

/** Serve one request to the fake cluster's API. */
export async function serveKubernetesApi(cluster: FakeKubernetesCluster, req: KubernetesApiRequest): Promise<KubernetesApiReply> {
  const method = req.method.toUpperCase()
  const path = req.path.split('?')[0]?.replace(/\/+$/, '') ?? ''
  const token = bearer(req.headers)
  let username = 'system:anonymous'
  if (token !== undefined) {
    const auth = await cluster.authenticate(token)
    if (!auth.authenticated) return status(401, 'Unauthorized', 'Unauthorized')
    username = auth.user.username
  }

  if (path === TOKEN_REVIEWS) {
    if (method !== 'POST') return status(405, 'MethodNotAllowed', `the server does not allow this method on the requested resource`)
    if (token === undefined) {
      return status(403, 'Forbidden', `tokenreviews.authentication.k8s.io is forbidden: User "${username}" cannot create resource "tokenreviews" in API group "authentication.k8s.io" at the cluster scope`, { group: 'authentication.k8s.io', kind: 'tokenreviews' })
    }
    return tokenReview(cluster, req.body)
  }
  const ns = NAMESPACE.exec(path)
  if (ns && method === 'GET') {
    const name = decodeURIComponent(ns[1] ?? '')
    if (token === undefined) {
      return status(403, 'Forbidden', `namespaces ${JSON.stringify(name)} is forbidden: User "${username}" cannot get resource "namespaces" in API group "" in the namespace ${JSON.stringify(name)}`, { name, kind: 'namespaces' })
    }
    return namespace(cluster, name)
  }
  return status(404, 'NotFound', 'the server could not find the requested resource')
}

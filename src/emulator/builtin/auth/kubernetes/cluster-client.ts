/**
 * How the kubernetes auth method reaches the cluster's API: a real HTTP(S)
 * request to `kubernetes_host` (TLS verified with `kubernetes_ca_cert`), except
 * for the in-process emulator's own fake cluster, which has no socket and is
 * called directly (see kubernetes/in-process-host.ts).
 */
import type { Core } from '../../../core/core.js'
import { serveKubernetesApi } from '../../../kubernetes/api-server.js'
import { inProcessClusterPath } from '../../../kubernetes/in-process-host.js'
import { outboundRequest } from '../outbound-http.js'
import type { KubernetesConfig } from './config-store.js'

export interface ClusterCall {
  method: 'GET' | 'POST'
  /** API path, e.g. `/apis/authentication.k8s.io/v1/tokenreviews`. */
  path: string
  /** The whole `Authorization` header value. */
  authorization: string
  body?: string
}

export interface ClusterReply {
  status: number
  body: string
}

export async function callCluster(core: Core, config: KubernetesConfig, call: ClusterCall): Promise<ClusterReply> {
  const url = `${config.kubernetes_host.replace(/\/+$/, '')}${call.path}`
  const headers: Record<string, string> = {
    authorization: call.authorization.trim(),
    'content-type': 'application/json',
    accept: 'application/json',
  }
  const local = inProcessClusterPath(url)
  if (local !== undefined) {
    const reply = await serveKubernetesApi(core.kubernetes, { method: call.method, path: local, headers, body: call.body })
    return { status: reply.status, body: reply.body }
  }
  const reply = await outboundRequest({
    method: call.method,
    url,
    headers,
    ...(call.body === undefined ? {} : { body: call.body }),
    ...(config.kubernetes_ca_cert === '' ? {} : { caPem: config.kubernetes_ca_cert }),
  })
  return { status: reply.status, body: reply.body }
}

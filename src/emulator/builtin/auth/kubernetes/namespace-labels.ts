/** A namespace's labels from the cluster API, for namespace selectors (needs `token_reviewer_jwt`). */
import type { Core } from '../../../core/core.js'
import { callCluster } from './cluster-client.js'
import type { KubernetesConfig } from './config-store.js'

export async function namespaceLabels(core: Core, config: KubernetesConfig, namespace: string): Promise<Record<string, string>> {
  if (config.token_reviewer_jwt === '') {
    throw new Error('namespace lookup failed: TokenReviewer JWT needs to be configured to use namespace selectors')
  }
  const reply = await callCluster(core, config, {
    method: 'GET',
    path: `/api/v1/namespaces/${encodeURIComponent(namespace)}`,
    authorization: `Bearer ${config.token_reviewer_jwt}`,
  })
  const body = JSON.parse(reply.body) as { metadata?: { labels?: Record<string, string> }; message?: string; reason?: string }
  if (reply.status !== 200) throw new Error(`failed to get namespace (code ${reply.status} status ${body.message ?? body.reason ?? ''})`)
  return body.metadata?.labels ?? {}
}

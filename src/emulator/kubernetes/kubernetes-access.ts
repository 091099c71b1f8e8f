/**
 * `vault.kubernetes`: the emulator's fake Kubernetes cluster, as tests use it.
 *
 * @example
 * const vault = await startVaultEmulator({ port: 0 })
 * await vault.request('POST', 'sys/auth/kubernetes', { data: { type: 'kubernetes' } })
 * await vault.request('POST', 'auth/kubernetes/config', { data: { kubernetes_host: vault.kubernetes.host } })
 * const jwt = vault.kubernetes.serviceAccountToken({ namespace: 'production', serviceAccount: 'myapp-sa' })
 * await vault.request('POST', 'auth/kubernetes/login', { data: { role: 'myapp', jwt } })
 */
import type { FakeKubernetesCluster, ServiceAccountTokenOptions } from './fake-cluster.js'
import { IN_PROCESS_K8S_HOST, K8S_BASE_PATH } from './in-process-host.js'

export type { ServiceAccountTokenOptions } from './fake-cluster.js'

export interface KubernetesAccess {
  /**
   * The value for `kubernetes_host`: `<vault.addr>/_emu/k8s` over HTTP, or a
   * reserved in-process address for `createVaultEmulator()`.
   */
  readonly host: string
  /** The `iss` of the cluster's tokens (for the `issuer` config field). */
  readonly issuer: string
  /** PEM of the key that signs service-account tokens (for the `pem_keys` config field). */
  readonly publicKeyPem: string
  /**
   * A service-account JWT as a pod would have (RS256, projected-token claims,
   * times from the virtual clock). Creates the service account if needed.
   */
  serviceAccountToken(options: ServiceAccountTokenOptions): string
  /** Create, or re-create with a new UID (old tokens then fail review); returns the UID. */
  createServiceAccount(namespace: string, name: string): string
  /** Delete a service account: logins with its tokens are denied. */
  deleteServiceAccount(namespace: string, name: string): boolean
  /** Set a namespace's labels (for `bound_service_account_namespace_selector`). */
  labelNamespace(namespace: string, labels: Record<string, string>): void
}

export function kubernetesAccess(cluster: FakeKubernetesCluster, addr: string): KubernetesAccess {
  return {
    host: addr === '' ? IN_PROCESS_K8S_HOST : `${addr}${K8S_BASE_PATH}`,
    issuer: cluster.issuer,
    get publicKeyPem() {
      return cluster.signingKey.publicKeyPem
    },
    serviceAccountToken: (options) => cluster.serviceAccountToken(options),
    createServiceAccount: (namespace, name) => cluster.createServiceAccount(namespace, name),
    deleteServiceAccount: (namespace, name) => cluster.deleteServiceAccount(namespace, name),
    labelNamespace: (namespace, labels) => cluster.labelNamespace(namespace, labels),
  }
}

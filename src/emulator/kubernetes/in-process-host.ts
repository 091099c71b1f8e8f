/**
 * Where the fake cluster lives. Over HTTP it is served at `<emulator addr>/_emu/k8s`
 * and reached with real requests; an emulator without a socket
 * (`createVaultEmulator`) names it with this reserved, never-resolving origin,
 * and the kubernetes auth method calls the cluster in-process instead.
 */

/** The path the emulator serves its fake cluster under. */
export const K8S_BASE_PATH = '/_emu/k8s'

/** `kubernetes_host` of an in-process emulator's fake cluster. */
export const IN_PROCESS_K8S_HOST = `http://vault-emu.invalid${K8S_BASE_PATH}`

/**
 * The path below the fake cluster's base when `url` addresses the in-process
 * cluster, else undefined (a real cluster, or the emulator over HTTP).
 */
export function inProcessClusterPath(url: string): string | undefined {
  const prefix = IN_PROCESS_K8S_HOST
  if (url !== prefix && !url.startsWith(`${prefix}/`)) return undefined
  return url.slice(prefix.length) || '/'
}

/** The kubernetes auth method's stored configuration (`config`). */
import type { Storage } from '../../../core/storage.js'

export interface KubernetesConfig {
  kubernetes_host: string
  kubernetes_ca_cert: string
  token_reviewer_jwt: string
  pem_keys: string[]
  issuer: string
  disable_iss_validation: boolean
  disable_local_ca_jwt: boolean
  use_annotations_as_alias_metadata: boolean
}

const CONFIG_KEY = 'config'

export function readConfig(storage: Storage): KubernetesConfig | undefined {
  return storage.get<KubernetesConfig>(CONFIG_KEY)
}

export function writeConfig(storage: Storage, config: KubernetesConfig): void {
  storage.put(CONFIG_KEY, config)
}

/** What `vault-emu agent` reads from a Vault Agent config file, after validation. */

/** `auto_auth { method "approle" { config = { ... } } }` */
export interface AppRoleMethod {
  type: 'approle'
  /** `auth/approle` unless `mount_path` says otherwise. */
  mountPath: string
  roleIdFilePath: string
  secretIdFilePath?: string
  /** Vault Agent's default is true: the secret ID file is deleted once read. */
  removeSecretIdFileAfterReading: boolean
}

/** `auto_auth { method "kubernetes" { config = { role, token_path } } }` */
export interface KubernetesMethod {
  type: 'kubernetes'
  mountPath: string
  role: string
  /** The service-account JWT; default `/var/run/secrets/kubernetes.io/serviceaccount/token`. */
  tokenPath: string
}

/** `auto_auth { method "token_file" { config = { token_file_path } } }` */
export interface TokenFileMethod {
  type: 'token_file'
  tokenFilePath: string
}

export type AutoAuthMethod = AppRoleMethod | KubernetesMethod | TokenFileMethod

/** `sink "file" { config = { path, mode } }` */
export interface FileSink {
  path: string
  /** File mode; Vault Agent's default is 0640; 0 leaves the mode alone. */
  mode: number
}

/** One `template { ... }` block. Exactly one of `source` and `contents` is set. */
export interface TemplateConfig {
  /** Path of the template file (relative paths from the working directory, as Vault Agent reads them). */
  source?: string
  /** Inline template text. */
  contents?: string
  /** Where the rendered text goes; a caller may rewrite this (e.g. into a temp directory). */
  destination: string
  /** File mode of the destination; 0 (unset) keeps the mode of the file already there, else 0644, as Consul Template does. */
  perms: number
  /** Run through `sh -c` after the destination changed. */
  command?: string
  /** Seconds to wait for `command`; default 30. */
  commandTimeoutSeconds: number
  /** Create missing parent directories of `destination`; default true. */
  createDestDirs: boolean
}

export interface AgentConfig {
  /** The config file the settings came from (for messages). */
  file: string
  /** `vault { address }`; when absent, VAULT_ADDR is read when the agent starts. */
  vaultAddress?: string
  autoAuth: { method: AutoAuthMethod; sinks: FileSink[] }
  templates: TemplateConfig[]
  /** `template_config { static_secret_render_interval }`: how often secrets without a lease are re-read; default 300. */
  staticSecretRenderIntervalSeconds: number
  /** `exit_after_auth = true`: log in, write the sinks and templates once, then stop. */
  exitAfterAuth: boolean
  /** `pid_file`: written at start, removed at stop. */
  pidFile?: string
}

/**
 * The shape of `vault.config.yaml` and `roles/*.yaml`. Every object carries the
 * same fields as the Vault API call that creates it (wire names verbatim), plus
 * a few loader-only keys (`data`, `connections`, `keys`, `method_config`,
 * `provider`, `setup_sql`). The JSON Schemas in `schema/` describe each field.
 */

export interface ServerConfig {
  port?: number
  host?: string
  root_token?: string
  seal?: 'dev' | 'shamir'
  clock?: { mode?: 'real' | 'frozen'; start?: string }
  state_file?: string
  /** `none`, `auto`, `embedded`, `testcontainers` or a postgres:// URL. */
  postgres?: string
}

/** Body of `vault audit enable` (`POST sys/audit/:path`). */
export interface AuditConfig {
  type: string
  description?: string
  local?: boolean
  options?: Record<string, string>
}

/** Body of `POST database/config/:name`, plus where the server comes from. */
export interface ConnectionConfig {
  /** `embedded`, `auto` or `testcontainers`: the emulator starts PostgreSQL and fills in `connection_url`. */
  provider?: 'embedded' | 'auto' | 'testcontainers'
  /** SQL run as the server's admin before `database/config/:name` is written. */
  setup_sql?: string[]
  [field: string]: unknown
}

/** Body of `POST sys/mounts/:path`, plus the objects that live in the mount. */
export interface SecretMountConfig {
  type: string
  description?: string
  config?: Record<string, unknown>
  options?: Record<string, string>
  local?: boolean
  seal_wrap?: boolean
  /** KV only: secret path -> key/value pairs (`vault kv put <mount>/<path> k=v`). */
  data?: Record<string, Record<string, unknown>>
  /** Database only: connection name -> body of `database/config/:name`. */
  connections?: Record<string, ConnectionConfig>
  /** Transit only: key name -> body of `transit/keys/:name`. */
  keys?: Record<string, Record<string, unknown>>
}

/** Body of `POST sys/auth/:path`, plus the method's own `auth/:path/config`. */
export interface AuthMountConfig {
  type: string
  description?: string
  config?: Record<string, unknown>
  options?: Record<string, string>
  local?: boolean
  /** Body of `POST auth/:path/config` (kubernetes, jwt/oidc). */
  method_config?: Record<string, unknown>
}

export interface VaultConfig {
  server?: ServerConfig
  audit?: Record<string, AuditConfig>
  secrets?: Record<string, SecretMountConfig>
  auth?: Record<string, AuthMountConfig>
  /** Folder of `*.hcl` policies, relative to the config file. Default `policies`. */
  policies?: string
  /** Folder of `*.yaml` role files, relative to the config file. Default `roles`. */
  roles?: string
}

/** One entry of a `roles/*.yaml` file: `{ mount, kind, name, ...API fields }`. */
export interface RoleEntry {
  mount: string
  kind: string
  name: string
  [field: string]: unknown
}

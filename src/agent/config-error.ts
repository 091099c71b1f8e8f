import { ConfigError } from '../config-loader/config-error.js'

/**
 * A problem in an agent config file: names the file, the setting and what to
 * do. Message shape: `[vault-emu] agent.hcl: auto_auth.method "approle": ...`,
 * or with `:line:col` when the HCL itself does not parse.
 */
export class AgentConfigError extends ConfigError {
  override name = 'AgentConfigError'
}

/** A problem in vault.config.yaml, a policy or a role file, with where it is and what to do. */
export interface SourcePosition {
  file: string
  line: number
  col: number
}

export class ConfigError extends Error {
  override name = 'ConfigError'
  constructor(
    message: string,
    readonly position?: SourcePosition,
    options?: ErrorOptions,
  ) {
    super(`[vault-emu] ${position ? `${position.file}:${position.line}:${position.col}: ` : ''}${message}`, options)
  }
}

/** A template the agent cannot render: names the template file and line. */
export class TemplateError extends Error {
  override name = 'TemplateError'
  constructor(
    readonly template: string,
    readonly line: number,
    message: string,
  ) {
    super(`[vault-emu] ${template}:${line}: ${message}`)
  }
}

/**
 * The error every policy parse failure becomes. Its message is the exact text
 * the API returns (`failed to parse policy: ...`).
 */

export const PARSE_ERROR_PREFIX = 'failed to parse policy: '

export class PolicyParseError extends Error {
  override name = 'PolicyParseError'
}

/** `failed to parse policy: <detail>` */
export function policyParseError(detail: string): PolicyParseError {
  return new PolicyParseError(PARSE_ERROR_PREFIX + detail)
}

/** go-multierror's list format, which Vault shows for invalid-key errors. */
export function formatMultiError(errors: readonly string[]): string {
  if (errors.length === 1) return `1 error occurred:\n\t* ${errors[0] ?? ''}\n\n`
  return `${errors.length} errors occurred:\n\t${errors.map((e) => `* ${e}`).join('\n\t')}\n\n`
}

/** ` on line N`, or nothing when the line could not be found. */
export function onLine(line: number | undefined): string {
  return line === undefined ? '' : ` on line ${line}`
}

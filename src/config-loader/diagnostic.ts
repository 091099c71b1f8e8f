/** One finding of `vault-emu validate`: where, what is wrong, how to fix it. */
import type { SourcePosition } from './config-error.js'

export type Severity = 'error' | 'warning'

export interface Diagnostic extends SourcePosition {
  /** Rule id, e.g. `kv-v2-path` or `schema`. */
  rule: string
  severity: Severity
  message: string
  /** What to do about it. */
  fix: string
}

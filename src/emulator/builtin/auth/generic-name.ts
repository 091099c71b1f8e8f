/**
 * Vault's `framework.GenericNameRegex`: role and user names in auth method
 * paths. A name that does not match is not routed at all (404 unsupported path).
 */
import { unsupportedPath } from '../../core/errors.js'

const GENERIC_NAME = /^\w(?:[\w.-]*\w)?$/

/** The name, lower-cased as userpass and AppRole store it; 404 when Vault would not route it. */
export function routedName(name: string): string {
  if (!GENERIC_NAME.test(name)) throw unsupportedPath()
  return name.toLowerCase()
}

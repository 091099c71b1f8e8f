/**
 * A new password for a credential: Vault's default generator, or a named
 * password policy. The emulator has no `sys/policies/password` yet, so a
 * named policy is never found, which is what Vault answers for a missing one.
 */
import { internalError } from '../../../core/errors.js'
import { generatePassword } from './password-generator.js'

export function newPassword(policy: string): string {
  if (policy !== '') throw internalError('failed to generate password: no password policy found')
  return generatePassword()
}

/**
 * A role's `credential_config` for the password credential type: Vault keeps
 * only the settings its password generator knows (`password_policy`), and
 * drops empty ones.
 */
export function credentialConfigOf(input: Record<string, unknown>): Record<string, string> {
  const policy = input['password_policy']
  return typeof policy === 'string' && policy !== '' ? { password_policy: policy } : {}
}

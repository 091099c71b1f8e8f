/**
 * The AppRole auth method (Vault's builtin/credential/approle): roles with a
 * role_id and secret IDs, `login` with both, and the per-field role endpoints.
 */
import { defineBackend } from '../../../framework/backend.js'
import { loginPath } from './path-login.js'
import { rolePath, rolesListPath } from './path-role.js'
import { roleFieldPaths } from './path-role-fields.js'
import { roleIdPath } from './path-role-id.js'
import { customSecretIdPath, secretIdListPath, secretIdPath } from './path-secret-id.js'
import {
  secretIdAccessorDestroyPath,
  secretIdAccessorLookupPath,
  secretIdDestroyPath,
  secretIdLookupPath,
} from './path-secret-id-lookup.js'
import { tidyPath } from './path-tidy.js'
import { renewAppRoleLogin } from './renew.js'

export const approleBackend = defineBackend({
  kind: 'auth',
  unauthenticated: ['login'],
  paths: [
    rolesListPath,
    rolePath,
    roleIdPath,
    secretIdListPath,
    secretIdPath,
    secretIdLookupPath,
    secretIdDestroyPath,
    secretIdAccessorLookupPath,
    secretIdAccessorDestroyPath,
    customSecretIdPath,
    ...roleFieldPaths,
    loginPath,
    tidyPath,
  ],
  renewLogin: renewAppRoleLogin,
})

/**
 * The JWT/OIDC auth method (mounted as `jwt` or `oidc`, same plugin): logins
 * with a signed JWT, and the OIDC authorization-code flow `vault login
 * -method=oidc` drives (vault-plugin-auth-jwt).
 */
import { defineBackend } from '../../../framework/backend.js'
import { renewJwtLogin } from './renew.js'
import { configPath } from './path-config.js'
import { roleListPath, rolePath } from './path-role.js'
import { loginPath } from './path-login.js'
import { authUrlPath, callbackPath } from './path-oidc.js'
import { createMountState } from './mount-state.js'

export const jwtBackend = defineBackend({
  kind: 'auth',
  renewLogin: renewJwtLogin,
  unauthenticated: ['login', 'oidc/auth_url', 'oidc/callback'],
  create: ({ core }) => {
    const state = createMountState(core.clock)
    return { paths: [configPath(state), roleListPath, rolePath, loginPath(state), authUrlPath(state), callbackPath(state)] }
  },
})

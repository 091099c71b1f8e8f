/**
 * The kubernetes auth method: pods log in with their service-account JWT,
 * which Vault checks against the role and then has the cluster's TokenReview
 * API confirm (vault-plugin-auth-kubernetes).
 */
import { defineBackend } from '../../../framework/backend.js'
import { renewKubernetesLogin } from './renew.js'
import { configPath } from './path-config.js'
import { roleListPath, rolePath } from './path-role.js'
import { loginPath } from './path-login.js'

export const kubernetesBackend = defineBackend({
  kind: 'auth',
  renewLogin: renewKubernetesLogin,
  unauthenticated: ['login'],
  paths: [configPath, roleListPath, rolePath, loginPath],
})

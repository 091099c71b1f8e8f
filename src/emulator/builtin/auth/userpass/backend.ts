/**
 * The userpass auth method (Vault's builtin/credential/userpass): users with
 * a password and the shared token fields, and `login/<username>`.
 * Each mount has its own hashing queue (see {@link KdfQueue}).
 */
import { defineBackend } from '../../../framework/backend.js'
import { KdfQueue } from './kdf-queue.js'
import { createLoginPath } from './path-login.js'
import { createUserPasswordPath } from './path-user-password.js'
import { userPoliciesPath } from './path-user-policies.js'
import { createUsersPath, usersListPath } from './path-users.js'
import { renewUserpassLogin } from './renew.js'

export const userpassBackend = defineBackend({
  kind: 'auth',
  unauthenticated: ['login/*'],
  create: () => {
    const kdf = new KdfQueue()
    return { paths: [usersListPath, createUserPasswordPath(kdf), userPoliciesPath, createUsersPath(kdf), createLoginPath(kdf)] }
  },
  renewLogin: renewUserpassLogin,
})

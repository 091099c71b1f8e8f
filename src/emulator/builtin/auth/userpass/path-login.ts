// API: https://developer.hashicorp.com/vault/api-docs/auth/userpass#login
import { definePath } from '../../../framework/path.js'
import type { PathDefinition } from '../../../framework/path.js'
import { field } from '../../../framework/fields.js'
import { issueLoginToken } from '../../../framework/token-fields.js'
import { VaultError, invalidRequest } from '../../../core/errors.js'
import { addressAllowed } from '../../../core/cidr.js'
import { routedName } from '../generic-name.js'
import { assertNotLockedOut, clearFailedLogins, recordFailedLogin } from '../login-lockout.js'
import { verifyPassword } from './password-hash.js'
import type { KdfQueue } from './kdf-queue.js'
import { readUser } from './user-store.js'

/** The one answer for an unknown user and a wrong password: no hint which. */
const BAD_CREDENTIALS = 'invalid username or password'

export function createLoginPath(kdf: KdfQueue): PathDefinition {
  return definePath({
    pattern: 'login/:username',
    fields: {
      username: field.string({ doc: 'User to log in as.' }),
      password: field.string({ doc: 'Plain-text password.', sensitive: true }),
    },
    operations: {
      update: async (ctx) => {
        const username = routedName(ctx.data.username)
        // A plain Go error in Vault, so a 500, shown as is on the login path.
        if (ctx.data.password === '') throw new VaultError('internal', 'missing password')
        assertNotLockedOut(ctx, username)
        const stored = readUser(ctx.storage, username)
        const matches = await kdf.run(async () => {
          // Re-checked once admitted: a burst against one user stops hashing as soon as it is locked.
          assertNotLockedOut(ctx, username)
          return verifyPassword(ctx.data.password, stored?.password_hash)
        })
        // Only existing users count towards lockout (Vault keeps no state for unknown names).
        if (!matches) {
          if (stored) recordFailedLogin(ctx, username)
          throw invalidRequest(BAD_CREDENTIALS)
        }
        const user = readUser(ctx.storage, username)
        if (!user) throw invalidRequest(BAD_CREDENTIALS)
        // Vault checks token_bound_cidrs at login too, after the password.
        if (!addressAllowed(user.token.token_bound_cidrs, ctx.req.connection.remoteAddress)) {
          throw new VaultError('permission-denied', 'permission denied')
        }
        clearFailedLogins(ctx, username)
        return { auth: issueLoginToken(ctx, user.token, { displayName: username, metadata: { username }, aliasName: username }) }
      },
    },
    synopsis: 'Log in with a username and password.',
  })
}

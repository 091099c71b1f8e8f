// API: https://developer.hashicorp.com/vault/api-docs/auth/userpass#update-password-on-user
import { definePath } from '../../../framework/path.js'
import type { PathDefinition } from '../../../framework/path.js'
import { field } from '../../../framework/fields.js'
import { internalError, invalidRequest } from '../../../core/errors.js'
import { routedName } from '../generic-name.js'
import { hashPassword } from './password-hash.js'
import type { KdfQueue } from './kdf-queue.js'
import { readUser, writeUser } from './user-store.js'
import { rejectPasswordHash } from './path-users.js'

export function createUserPasswordPath(kdf: KdfQueue): PathDefinition {
  return definePath({
    pattern: 'users/:username/password',
    fields: {
      username: field.string({ doc: 'User name.' }),
      password: field.string({ doc: 'The new password.', sensitive: true }),
      password_hash: field.string({ doc: 'Pre-hashed bcrypt password (not supported by the emulator).', sensitive: true }),
    },
    operations: {
      update: async (ctx) => {
        const username = routedName(ctx.data.username)
        // Vault answers a missing user with a plain Go error: 500.
        if (!readUser(ctx.storage, username)) throw internalError('username does not exist')
        rejectPasswordHash(ctx)
        if (ctx.data.password === '') throw invalidRequest('missing password')
        const hash = await kdf.run(() => hashPassword(ctx.data.password))
        const user = readUser(ctx.storage, username)
        if (!user) throw internalError('username does not exist')
        writeUser(ctx.storage, username, { ...user, password_hash: hash })
        return undefined
      },
    },
    synopsis: "Reset a user's password.",
  })
}

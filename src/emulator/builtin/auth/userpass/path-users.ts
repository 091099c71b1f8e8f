// API: https://developer.hashicorp.com/vault/api-docs/auth/userpass#create-update-user
import { definePath } from '../../../framework/path.js'
import type { PathDefinition, RequestContext } from '../../../framework/path.js'
import { field } from '../../../framework/fields.js'
import { parseTokenParams, tokenFields, tokenParamsResponse } from '../../../framework/token-fields.js'
import { invalidRequest } from '../../../core/errors.js'
import { routedName } from '../generic-name.js'
import { upgradedLegacy } from '../legacy-token-fields.js'
import { hashPassword } from './password-hash.js'
import type { KdfQueue } from './kdf-queue.js'
import { NO_LEGACY, deleteUser, listUsers, readUser, writeUser } from './user-store.js'
import type { LegacyUserFields, UserEntry } from './user-store.js'

const userFields = {
  username: field.string({ doc: 'User name (stored lower-cased).' }),
  password: field.string({ doc: 'Password; required when creating the user.', sensitive: true }),
  password_hash: field.string({ doc: 'Pre-hashed bcrypt password (not supported by the emulator).', sensitive: true }),
  ...tokenFields,
}

type UserContext = RequestContext<typeof userFields>

/** Vault 1.17 accepts a bcrypt hash instead of a password; the emulator has no bcrypt. */
export function rejectPasswordHash(ctx: RequestContext<{ password_hash: typeof userFields.password_hash }>): void {
  if (ctx.data.password_hash !== '') {
    throw invalidRequest('[vault-emu] password_hash (a pre-hashed bcrypt password) is not supported; send "password" instead')
  }
}

function legacyFields(ctx: UserContext, stored: LegacyUserFields, token: UserEntry['token']): LegacyUserFields {
  return {
    policies: upgradedLegacy(ctx, { legacy: 'policies', current: 'token_policies' }, stored.policies, token.token_policies, []),
    ttl: upgradedLegacy(ctx, { legacy: 'ttl', current: 'token_ttl' }, stored.ttl, token.token_ttl, 0),
    max_ttl: upgradedLegacy(ctx, { legacy: 'max_ttl', current: 'token_max_ttl' }, stored.max_ttl, token.token_max_ttl, 0),
    bound_cidrs: upgradedLegacy(ctx, { legacy: 'bound_cidrs', current: 'token_bound_cidrs' }, stored.bound_cidrs, token.token_bound_cidrs, []),
  }
}

function userData(user: UserEntry): Record<string, unknown> {
  const data = tokenParamsResponse(user.token)
  if (user.legacy.ttl > 0) data['ttl'] = user.legacy.ttl
  if (user.legacy.max_ttl > 0) data['max_ttl'] = user.legacy.max_ttl
  if (user.legacy.policies.length > 0) data['policies'] = user.token.token_policies
  if (user.legacy.bound_cidrs.length > 0) data['bound_cidrs'] = user.legacy.bound_cidrs
  return data
}

export const usersListPath = definePath({
  pattern: 'users/',
  operations: {
    list: ({ storage }) => ({ data: { keys: listUsers(storage) } }),
  },
  synopsis: 'List users.',
})

export function createUsersPath(kdf: KdfQueue): PathDefinition {
  return definePath({
    pattern: 'users/:username',
    fields: userFields,
    // Runs before field parsing, so it reads the raw capture.
    existenceCheck: ({ storage, raw }) => readUser(storage, String(raw['username'] ?? '').toLowerCase()) !== undefined,
    operations: {
      read: ({ storage, data }) => {
        const user = readUser(storage, routedName(data.username))
        return user ? { data: userData(user) } : undefined
      },
      update: async (ctx) => {
        const username = routedName(ctx.data.username)
        rejectPasswordHash(ctx)
        if (ctx.operation === 'create' && ctx.data.password === '') throw invalidRequest('missing password')
        // Validate before paying for the hash; apply to the entry as it is after the hash.
        parseTokenParams(ctx, readUser(ctx.storage, username)?.token)
        const passwordHash = ctx.data.password === '' ? undefined : await kdf.run(() => hashPassword(ctx.data.password))
        const existing = readUser(ctx.storage, username)
        const token = parseTokenParams(ctx, existing?.token)
        const hash = passwordHash ?? existing?.password_hash
        if (hash === undefined) throw invalidRequest('missing password')
        writeUser(ctx.storage, username, { password_hash: hash, token, legacy: legacyFields(ctx, existing?.legacy ?? NO_LEGACY, token) })
        return undefined
      },
      delete: ({ storage, data }) => {
        deleteUser(storage, routedName(data.username))
        return undefined
      },
    },
    synopsis: 'Manage users allowed to authenticate.',
  })
}

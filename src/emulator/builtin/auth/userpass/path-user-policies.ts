// API: https://developer.hashicorp.com/vault/api-docs/auth/userpass#update-policies-on-user
import { definePath } from '../../../framework/path.js'
import { field } from '../../../framework/fields.js'
import { internalError } from '../../../core/errors.js'
import { sanitizePolicies } from '../../../framework/policy-names.js'
import { routedName } from '../generic-name.js'
import { upgradedLegacy } from '../legacy-token-fields.js'
import { readUser, writeUser } from './user-store.js'

export const userPoliciesPath = definePath({
  pattern: 'users/:username/policies',
  fields: {
    username: field.string({ doc: 'User name.' }),
    token_policies: field.commaList({ doc: 'Policies of the tokens this user logs in with.' }),
    policies: field.commaList({ doc: "Deprecated: use 'token_policies'." }),
  },
  operations: {
    update: (ctx) => {
      const username = routedName(ctx.data.username)
      const user = readUser(ctx.storage, username)
      if (!user) throw internalError('username does not exist')
      const names = { legacy: 'policies', current: 'token_policies' }
      const sent = ctx.has('token_policies') ? ctx.data.token_policies : ctx.has('policies') ? ctx.data.policies : undefined
      if (sent !== undefined) {
        const policies = sanitizePolicies(sent, false)
        user.token = { ...user.token, token_policies: policies }
        user.legacy = { ...user.legacy, policies: upgradedLegacy(ctx, names, user.legacy.policies, policies, []) }
      }
      writeUser(ctx.storage, username, user)
      return undefined
    },
  },
  synopsis: 'Update the policies of a user.',
})

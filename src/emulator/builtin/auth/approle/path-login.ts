// API: https://developer.hashicorp.com/vault/api-docs/auth/approle#login-with-approle
import { definePath } from '../../../framework/path.js'
import type { RequestContext } from '../../../framework/path.js'
import { field } from '../../../framework/fields.js'
import { issueLoginToken } from '../../../framework/token-fields.js'
import { internalError, invalidRequest } from '../../../core/errors.js'
import { assertNotLockedOut, clearFailedLogins, recordFailedLogin } from '../login-lockout.js'
import { addressInBlocks, blocksAreSubset, displayAddress, goQuotedList } from './cidr-blocks.js'
import { roleByRoleId } from './role-store.js'
import type { RoleEntry } from './role-store.js'
import { deleteSecretId, findSecretId, updateSecretId } from './secret-id-store.js'
import type { SecretIdEntry } from './secret-id-store.js'

/** Unknown role_id, unknown, expired or used-up secret ID: one answer, no hint which. */
const BAD_CREDENTIALS = 'invalid role or secret ID'

const loginFields = {
  role_id: field.string({ doc: 'The role_id of the role.' }),
  secret_id: field.string({ doc: 'A secret ID of the role (unless bind_secret_id is false).', sensitive: true }),
}

type LoginContext = RequestContext<typeof loginFields>

function checkSubset(role: RoleEntry, entry: SecretIdEntry): void {
  const roleBlocks = role.secret_id_bound_cidrs ?? []
  if (entry.cidr_list.length === 0 || roleBlocks.length === 0 || blocksAreSubset(roleBlocks, entry.cidr_list)) return
  throw internalError(
    `failed to verify subset relationship between CIDR blocks on the role ${goQuotedList(roleBlocks)} and CIDR blocks on the secret ID ${goQuotedList(entry.cidr_list)}: %!w(<nil>)`,
  )
}

/**
 * Validate the secret ID and spend one of its uses. Vault words the CIDR
 * refusal differently depending on whether the secret ID has a use limit,
 * and spends the use before that check; both kept as Vault has them.
 */
function consumeSecretId(ctx: LoginContext, role: RoleEntry, roleId: string, remote: string): SecretIdEntry {
  const secretId = ctx.data.secret_id.trim()
  if (secretId === '') throw invalidRequest('missing secret_id')
  const found = findSecretId(ctx.storage, role.name, secretId, ctx.clock.now())
  if (!found) {
    recordFailedLogin(ctx, roleId)
    throw invalidRequest(BAD_CREDENTIALS)
  }
  const { entry } = found
  if (entry.secret_id_num_uses === 0) {
    checkSubset(role, entry)
    if (entry.cidr_list.length > 0 && !addressInBlocks(remote, entry.cidr_list)) {
      throw invalidRequest(`source address ${JSON.stringify(remote)} unauthorized through CIDR restrictions on the secret ID`)
    }
    return entry
  }
  if (entry.secret_id_num_uses === 1) {
    deleteSecretId(ctx.storage, role.name, found)
  } else {
    updateSecretId(ctx.storage, role.name, {
      hmac: found.hmac,
      entry: { ...entry, secret_id_num_uses: entry.secret_id_num_uses - 1, last_updated_time_ms: ctx.clock.now() },
    })
  }
  checkSubset(role, entry)
  if (entry.cidr_list.length > 0 && !addressInBlocks(remote, entry.cidr_list)) {
    // Vault formats a nil cause with %w, hence the Go artefact at the end.
    throw invalidRequest(`source address ${JSON.stringify(remote)} unauthorized by CIDR restrictions on the secret ID: %!w(<nil>)`)
  }
  return entry
}

export const loginPath = definePath({
  pattern: 'login',
  fields: loginFields,
  operations: {
    update: (ctx) => {
      const roleId = ctx.data.role_id.trim()
      if (roleId === '') throw invalidRequest('missing role_id')
      // Lockout is keyed by the alias name, which for AppRole is the role_id.
      assertNotLockedOut(ctx, roleId)
      const role = roleByRoleId(ctx.storage, roleId)
      if (!role) throw invalidRequest(BAD_CREDENTIALS)
      const remote = displayAddress(ctx.req.connection.remoteAddress)

      const secret = role.bind_secret_id ? consumeSecretId(ctx, role, roleId, remote) : undefined
      const roleBlocks = role.secret_id_bound_cidrs ?? []
      if (roleBlocks.length > 0 && !addressInBlocks(remote, roleBlocks)) {
        throw invalidRequest(`source address ${JSON.stringify(remote)} unauthorized by CIDR restrictions on the role: %!w(<nil>)`)
      }
      // A secret ID's own token_bound_cidrs replace the role's.
      const tokenCidrs = secret && secret.token_bound_cidrs.length > 0 ? secret.token_bound_cidrs : role.token.token_bound_cidrs
      const metadata = { ...secret?.metadata, role_name: role.name }
      clearFailedLogins(ctx, roleId)
      const auth = issueLoginToken(ctx, { ...role.token, token_bound_cidrs: tokenCidrs }, { displayName: '', metadata, aliasName: role.role_id })
      return { auth }
    },
  },
  synopsis: 'Log in with a role_id and secret_id; get a token.',
})

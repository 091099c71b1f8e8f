// API: https://developer.hashicorp.com/vault/api-docs/auth/approle#read-approle-secret-id
import { definePath } from '../../../framework/path.js'
import type { RequestContext } from '../../../framework/path.js'
import { field } from '../../../framework/fields.js'
import { VaultError, internalError, invalidRequest } from '../../../core/errors.js'
import { routedName } from '../generic-name.js'
import { readRole } from './role-store.js'
import type { RoleEntry } from './role-store.js'
import { secretIdData } from './secret-id-response.js'
import { deleteSecretId, findByAccessor, findSecretId } from './secret-id-store.js'

const roleName = { role_name: field.string({ doc: 'Name of the role.' }) }
const bySecretId = { ...roleName, secret_id: field.string({ doc: 'The secret ID.', sensitive: true }) }
const byAccessor = { ...roleName, secret_id_accessor: field.string({ doc: 'Accessor of the secret ID.' }) }

/** These endpoints report a missing role as a plain Go error: 500, multierror text. */
function existingRole(ctx: RequestContext<typeof roleName>): RoleEntry {
  const name = routedName(ctx.data.role_name)
  const role = readRole(ctx.storage, name)
  if (!role) throw internalError(`role ${JSON.stringify(name)} does not exist`)
  return role
}

function secretIdOf(ctx: RequestContext<typeof bySecretId>): string {
  if (ctx.data.secret_id === '') throw invalidRequest('missing secret_id')
  return ctx.data.secret_id
}

function accessorOf(ctx: RequestContext<typeof byAccessor>): string {
  if (ctx.data.secret_id_accessor === '') throw invalidRequest('missing secret_id_accessor')
  return ctx.data.secret_id_accessor
}

export const secretIdLookupPath = definePath({
  pattern: 'role/:role_name/secret-id/lookup',
  fields: bySecretId,
  operations: {
    // An unknown secret ID answers nothing: a 204, since this is a write.
    update: (ctx) => {
      routedName(ctx.data.role_name)
      const secretId = secretIdOf(ctx)
      const role = existingRole(ctx)
      const found = findSecretId(ctx.storage, role.name, secretId, ctx.clock.now())
      return found ? { data: secretIdData(found.entry) } : undefined
    },
  },
  synopsis: 'Read the properties of a secret ID.',
})

const destroyBySecretId = (ctx: RequestContext<typeof bySecretId>): undefined => {
  routedName(ctx.data.role_name)
  const secretId = secretIdOf(ctx)
  const role = existingRole(ctx)
  const found = findSecretId(ctx.storage, role.name, secretId, ctx.clock.now())
  if (found) deleteSecretId(ctx.storage, role.name, found)
  return undefined
}

export const secretIdDestroyPath = definePath({
  pattern: 'role/:role_name/secret-id/destroy',
  fields: bySecretId,
  operations: { update: destroyBySecretId, delete: destroyBySecretId },
  synopsis: 'Destroy a secret ID.',
})

export const secretIdAccessorLookupPath = definePath({
  pattern: 'role/:role_name/secret-id-accessor/lookup',
  fields: byAccessor,
  operations: {
    update: (ctx) => {
      routedName(ctx.data.role_name)
      const accessor = accessorOf(ctx)
      const role = existingRole(ctx)
      const lookup = findByAccessor(ctx.storage, role.name, accessor, ctx.clock.now())
      if (!lookup) {
        throw new VaultError('unsupported-path', `failed to find accessor entry for secret_id_accessor: ${JSON.stringify(accessor)}`)
      }
      return lookup.found ? { data: secretIdData(lookup.found.entry) } : undefined
    },
  },
  synopsis: 'Read the properties of a secret ID by its accessor.',
})

const destroyByAccessor = (ctx: RequestContext<typeof byAccessor>): undefined => {
  routedName(ctx.data.role_name)
  const accessor = accessorOf(ctx)
  const role = existingRole(ctx)
  const lookup = findByAccessor(ctx.storage, role.name, accessor, ctx.clock.now())
  if (!lookup) throw internalError(`failed to find accessor entry for secret_id_accessor: ${JSON.stringify(accessor)}`)
  // An accessor of another role's secret ID is refused (the fix for CVE-2023-24999).
  if (!lookup.found) throw new VaultError('permission-denied', 'invalid secret id accessor')
  deleteSecretId(ctx.storage, role.name, lookup.found)
  return undefined
}

export const secretIdAccessorDestroyPath = definePath({
  pattern: 'role/:role_name/secret-id-accessor/destroy',
  fields: byAccessor,
  operations: { update: destroyByAccessor, delete: destroyByAccessor },
  synopsis: 'Destroy a secret ID by its accessor.',
})

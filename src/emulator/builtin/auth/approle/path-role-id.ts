// API: https://developer.hashicorp.com/vault/api-docs/auth/approle#read-approle-role-id
import { definePath } from '../../../framework/path.js'
import { field } from '../../../framework/fields.js'
import { invalidRequest, unsupportedPath } from '../../../core/errors.js'
import { routedName } from '../generic-name.js'
import { readRole, saveRole } from './role-store.js'

export const roleIdPath = definePath({
  pattern: 'role/:role_name/role-id',
  fields: {
    role_name: field.string({ doc: 'Name of the role.' }),
    role_id: field.string({ doc: 'The custom role_id to set.' }),
  },
  operations: {
    read: ({ storage, data }) => {
      const role = readRole(storage, routedName(data.role_name))
      return role ? { data: { role_id: role.role_id } } : undefined
    },
    update: ({ storage, data }) => {
      const role = readRole(storage, routedName(data.role_name))
      if (!role) throw unsupportedPath()
      const previous = role.role_id
      if (data.role_id === '') throw invalidRequest('missing role_id')
      saveRole(storage, { ...role, role_id: data.role_id }, previous)
      return undefined
    },
  },
  synopsis: "Read or set a role's role_id.",
})

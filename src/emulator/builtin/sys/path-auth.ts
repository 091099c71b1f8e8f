// API: https://developer.hashicorp.com/vault/api-docs/system/auth
import { definePath } from '../../framework/path.js'
import { field } from '../../framework/fields.js'
import { invalidRequest } from '../../core/errors.js'
import { SINGLETON_TYPES, MOUNTABLE_AUTH_TYPES, loadBackends } from '../registry.js'
import { mountInfo, normaliseMountPath } from './mount-info.js'
import { authTuneFields, enableFlagFields, mountSettings, parseOptions } from './mount-input.js'
import { applyTune, checkMountablePath, findMount, tuneInfo } from './path-mounts.js'

export const authListPath = definePath({
  pattern: 'auth',
  operations: {
    read: ({ core }) => {
      const data: Record<string, unknown> = {}
      for (const m of core.mounts.all('auth').sort((a, b) => a.entry.path.localeCompare(b.entry.path))) {
        data[m.entry.path.slice('auth/'.length)] = mountInfo(m.entry)
      }
      return { data }
    },
  },
})

export const authTunePath = definePath({
  pattern: 'auth/:path+/tune',
  fields: authTuneFields,
  operations: {
    read: ({ core, data }) => ({ data: tuneInfo(core, findMount(core, `auth/${normaliseMountPath(data.path)}`, 'tune')) }),
    update: ({ core, data, raw }) => {
      applyTune(core, findMount(core, `auth/${normaliseMountPath(data.path)}`, 'tune'), raw)
      return undefined
    },
  },
})

export const authMountPath = definePath({
  pattern: 'auth/:path+',
  fields: {
    path: field.string({ doc: 'Where to enable the method (below auth/).' }),
    type: field.string({ doc: 'Auth method type: approle, userpass, kubernetes, jwt, oidc...' }),
    description: field.string({ doc: 'Description.' }),
    config: field.map({ doc: 'default_lease_ttl, max_lease_ttl, token_type, ...' }),
    options: field.raw({ doc: 'Options.' }),
    ...enableFlagFields,
  },
  operations: {
    read: ({ core, data }) => {
      const path = normaliseMountPath(data.path)
      const m = core.mounts.get(`auth/${path}`)
      if (!m) throw invalidRequest(`No auth engine at ${path}`)
      return { data: mountInfo(m.entry) }
    },
    update: async ({ core, data, has }) => {
      const path = normaliseMountPath(data.path)
      if (!has('type') || data.type === '') throw invalidRequest('backend type must be specified as a string')
      if (SINGLETON_TYPES.has(data.type)) throw invalidRequest(`mount type of ${JSON.stringify(data.type)} is not mountable`)
      if (!MOUNTABLE_AUTH_TYPES.has(data.type)) throw invalidRequest(`plugin not found in the catalog: ${data.type}`)
      checkMountablePath(core, path, 'auth')
      await loadBackends([data.type])
      core.enableMount({
        path: `auth/${path}`,
        type: data.type,
        class: 'auth',
        ...mountSettings(data),
        options: parseOptions(data.options),
      })
      return undefined
    },
    delete: async ({ core, data }) => {
      const path = normaliseMountPath(data.path)
      if (path === 'token/') throw invalidRequest('token credential backend cannot be disabled')
      const m = core.mounts.get(`auth/${path}`)
      if (m) await core.disableMount(`auth/${path}`)
      return undefined
    },
  },
})

// API: https://developer.hashicorp.com/vault/api-docs/system/internal-ui-mounts
// The `vault kv` CLI calls this preflight before every command to learn the KV version.
import { definePath } from '../../framework/path.js'
import { field } from '../../framework/fields.js'
import { VaultError } from '../../core/errors.js'
import { mountInfo } from './mount-info.js'

export const internalUiMountsPath = definePath({
  pattern: 'internal/ui/mounts',
  operations: {
    read: ({ core, token }) => {
      const secret: Record<string, unknown> = {}
      const auth: Record<string, unknown> = {}
      for (const m of core.mounts.all()) {
        const visible = token
          ? core.policies.acl(token.policies).root || core.policies.acl(token.policies).hasAnyAccessUnder(m.entry.path)
          : m.entry.config.listing_visibility === 'unauth'
        if (!visible) continue
        const info = token ? mountInfo(m.entry) : { type: m.entry.type, description: m.entry.description, options: m.entry.options }
        if (m.entry.class === 'auth') auth[m.entry.path.slice('auth/'.length)] = info
        else secret[m.entry.path] = info
      }
      return { data: { secret, auth } }
    },
  },
})

export const internalUiMountPath = definePath({
  pattern: 'internal/ui/mounts/:path+',
  fields: { path: field.string({ doc: 'A path inside the mount.' }) },
  operations: {
    read: ({ core, token, data }) => {
      const path = data.path.replace(/^\/+/, '')
      const denied = (): VaultError =>
        new VaultError('permission-denied', `preflight capability check returned 403, please ensure client's policies grant access to path ${JSON.stringify(path.endsWith('/') ? path : `${path}/`)}`)
      if (!token) throw new VaultError('permission-denied', 'permission denied')
      const m = core.mounts.match(path)
      if (!m) throw denied()
      const acl = core.policies.acl(token.policies)
      if (!acl.root && !acl.hasAnyAccessUnder(m.entry.path)) throw denied()
      return { data: { ...mountInfo(m.entry), path: m.entry.path.startsWith('auth/') ? m.entry.path : m.entry.path } }
    },
  },
})

/** `vault auth enable|disable|list`: auth methods. */
import { defineDisable, defineEnable, defineList } from '../mount-commands.js'
import { detailedMountRows, sortedPaths } from '../mount-table.js'
import { table } from '../table.js'

export const authEnable = defineEnable('sys/auth', (type) => `Error enabling ${type} auth`, (type, path) => `Enabled ${type} auth method at: ${path}`)

export const authDisable = defineDisable(
  'sys/auth',
  (path) => `Error disabling auth method at ${path}`,
  (path) => `Disabled the auth method (if it existed) at: ${path}`,
)

export const authList = defineList('sys/auth', 'Error listing enabled authentications', (auths, detailed) => {
  if (detailed) {
    const [header, ...rows] = detailedMountRows(auths, 'auth')
    return table(header as string[], rows)
  }
  return table(
    ['Path', 'Type', 'Accessor', 'Description', 'Version'],
    sortedPaths(auths).map((p) => [p, auths[p]?.type ?? '', auths[p]?.accessor ?? '', auths[p]?.description ?? '', auths[p]?.plugin_version ?? '']),
  )
})
